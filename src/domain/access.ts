/**
 * Who gets the portal, and which feature sections a business shows (SPEC §2).
 *
 * Why it exists: whether a business's clients may use the portal, and which sections exist
 * for them, is decided in many places (sign-in, the business switcher, navigation, every
 * feature route's 404). One function each keeps them in agreement.
 *
 * The rules:
 * - Portal on automatically for any business offering boarding or daycare.
 * - Otherwise (grooming-only, grooming + training — and, by the same token, training-only or
 *   a business with no service types yet) it is in beta: 'not_yet' until an operator sets
 *   `groomingBetaGranted`. The spec names only grooming cases; treating every business without
 *   boarding/daycare the same way is the conservative reading — an operator can grant it.
 * - Feature sections (online booking, packages, memberships, group classes, live camera)
 *   appear only when the business turned that feature on; a business whose portal is not on
 *   shows none. The live camera also needs boarding or daycare (the only visits it films).
 *
 * Pure: no I/O, no module state.
 */

/** The business fields that decide whether its portal is on. */
export interface PortalAccessFields {
  offersBoarding: boolean;
  offersDaycare: boolean;
  offersGrooming: boolean;
  offersTraining: boolean;
  groomingBetaGranted: boolean;
}

/** 'on': clients can use the portal; 'not_yet': show "not available yet", never an error. */
export type PortalAvailability = 'on' | 'not_yet';

/**
 * Whether a business's clients can use the portal (SPEC §2).
 * On with boarding or daycare; otherwise only once the beta is granted.
 */
export function portalAvailability(business: PortalAccessFields): PortalAvailability {
  if (business.offersBoarding || business.offersDaycare) return 'on';
  return business.groomingBetaGranted ? 'on' : 'not_yet';
}

/** Sections that exist only when the business has the feature (SPEC §2, §5, §10, §4). */
export const FEATURE_SECTIONS = ['online_booking', 'packages', 'memberships', 'group_classes', 'live_camera'] as const;
export type FeatureSection = (typeof FEATURE_SECTIONS)[number];

/** The business fields that decide its feature sections. */
export interface FeatureSectionFields extends PortalAccessFields {
  onlineBookingEnabled: boolean;
  packagesEnabled: boolean;
  membershipsEnabled: boolean;
  groupClassesEnabled: boolean;
  /** iDogCam is configured when this is a non-empty URL. */
  idogcamFeedUrl: string | null | undefined;
}

/**
 * The feature sections this business shows, in navigation order. Empty when its portal is
 * not on. Routes answer 404 for a section not in this list.
 */
export function featureSections(business: FeatureSectionFields): FeatureSection[] {
  if (portalAvailability(business) !== 'on') return [];
  const enabled: Record<FeatureSection, boolean> = {
    online_booking: business.onlineBookingEnabled,
    packages: business.packagesEnabled,
    memberships: business.membershipsEnabled,
    group_classes: business.groupClassesEnabled,
    live_camera: (business.offersBoarding || business.offersDaycare) && typeof business.idogcamFeedUrl === 'string' && business.idogcamFeedUrl.trim() !== '',
  };
  return FEATURE_SECTIONS.filter((section) => enabled[section]);
}

/** True when `section` is among `featureSections(business)`: the guard for feature routes. */
export function showsSection(business: FeatureSectionFields, section: FeatureSection): boolean {
  return featureSections(business).includes(section);
}
