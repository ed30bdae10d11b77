import { describe, expect, it } from 'vitest';
import { featureSections, portalAvailability, showsSection, type FeatureSectionFields, type PortalAccessFields } from '../../src/domain/access';

const offering = (types: string, groomingBetaGranted = false): PortalAccessFields => ({
  offersBoarding: types.includes('boarding'),
  offersDaycare: types.includes('daycare'),
  offersGrooming: types.includes('grooming'),
  offersTraining: types.includes('training'),
  groomingBetaGranted,
});

describe('portalAvailability', () => {
  it.each(['boarding', 'daycare', 'boarding daycare', 'boarding grooming', 'daycare training', 'boarding daycare grooming training'])(
    'is on automatically for %s',
    (types) => {
      expect(portalAvailability(offering(types))).toBe('on');
    },
  );

  it.each(['grooming', 'grooming training'])('is not yet on for %s without the beta', (types) => {
    expect(portalAvailability(offering(types))).toBe('not_yet');
  });

  it.each(['grooming', 'grooming training'])('is on for %s once the beta is granted', (types) => {
    expect(portalAvailability(offering(types, true))).toBe('on');
  });

  it('treats training-only and no service types like grooming-only (beta needed)', () => {
    expect(portalAvailability(offering('training'))).toBe('not_yet');
    expect(portalAvailability(offering(''))).toBe('not_yet');
    expect(portalAvailability(offering('training', true))).toBe('on');
  });
});

describe('featureSections', () => {
  const allOn = (types: string, groomingBetaGranted = false): FeatureSectionFields => ({
    ...offering(types, groomingBetaGranted),
    onlineBookingEnabled: true,
    packagesEnabled: true,
    membershipsEnabled: true,
    groupClassesEnabled: true,
    idogcamFeedUrl: 'https://idogcam.example/feeds/x',
  });

  it('lists every switched-on feature in navigation order', () => {
    expect(featureSections(allOn('boarding'))).toEqual(['online_booking', 'packages', 'memberships', 'group_classes', 'live_camera']);
  });

  it('hides each feature that is switched off', () => {
    const business = { ...allOn('daycare'), packagesEnabled: false, groupClassesEnabled: false, idogcamFeedUrl: null };
    expect(featureSections(business)).toEqual(['online_booking', 'memberships']);
    expect(showsSection(business, 'packages')).toBe(false);
    expect(showsSection(business, 'online_booking')).toBe(true);
  });

  it('shows the live camera only with boarding or daycare', () => {
    expect(showsSection(allOn('grooming', true), 'live_camera')).toBe(false);
    expect(showsSection(allOn('grooming', true), 'online_booking')).toBe(true);
  });

  it('shows nothing when the portal is not on for the business', () => {
    expect(featureSections(allOn('grooming'))).toEqual([]);
  });
});
