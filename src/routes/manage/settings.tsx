/**
 * Settings (console part 3): the index of the owner's settings pages, the business profile and
 * the booking rules. Hours and closures live in settings-hours.tsx, services, add-ons and the
 * groomers' weeks in settings-services.tsx. Owners only: staff get 403, another business 404.
 * Every change is validated at the field (nothing saved on refusal), written with its audit row
 * in one batch, and read by the portal at its next page view (nothing is cached). A change that
 * would strand booked visits (a service type turned off, a capacity below what is booked) is
 * refused with the list of those visits, or saved only with "Keep the existing appointments".
 */
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../../app-env';
import { appointments, SERVICE_TYPES, type ServiceType } from '../../db/schema';
import {
  AFFECTED_LIMIT,
  businessSettingsStatement,
  liveVisitsOfTypesStatement,
  onboardingStatement,
  overCapacityStatement,
  updateBusinessStatements,
} from '../../db/queries/settings';
import { priceInput } from '../../domain/service-form';
import { statusLabel } from '../../domain/appointment-status';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { parseProfile, parseRules, ticked, type FormInput, type ProfileField, type RuleField } from '../../domain/business-settings';
import { formatMoment, localDateString } from '../../domain/time';
import { newId } from '../../domain/ids';
import { checkPhoto, MAX_PHOTO_BYTES } from '../../domain/pet-form';
import { COPY_TYPE, LOGO, makeCopy } from '../../storage/photo-copies';
import { withObjectsStored, type StoredObject } from '../../storage/objects';
import { logoKey } from '../branding';
import {
  onboardingProgress,
  ProfileForm,
  RulesForm,
  SettingsIndex,
  type AffectedVisit,
  type ProfileFormValues,
  type RulesFormValues,
} from '../../../templates/manage/settings';
import { loadOwnerPage, ownerPage, type OwnerCtx, ownerActor } from './owner-page';

export const settingsRoutes = new Hono<AppEnv>();

type BusinessRow = Awaited<ReturnType<typeof businessSettingsStatement>>[number];
type AffectedRow = Awaited<ReturnType<typeof liveVisitsOfTypesStatement>>[number];

const DONE: Record<string, string> = {
  profile: 'Profile saved. Your clients see it at their next page view.',
  booking: 'Booking rules saved. New bookings follow them from now on.',
};

function loadBusiness(c: Context<AppEnv>, businessId: string) {
  const db = c.get('db');
  return loadOwnerPage(c, businessId, () => ({ business: businessSettingsStatement(db, businessId) }));
}

function affectedList(rows: AffectedRow[], b: BusinessRow) {
  const visits: AffectedVisit[] = rows.slice(0, AFFECTED_LIMIT).map((r) => ({
    href: `/manage/${b.id}/schedule?day=${localDateString(r.startsAt.getTime(), b.timeZone)}`,
    who: `${r.firstName} ${r.lastName}`,
    when: formatMoment(r.startsAt.getTime(), b.timeZone, b.locale),
    status: `${serviceTypeLabel(r.serviceType)} · ${statusLabel(r.status)}`,
  }));
  return { visits, more: Math.max(0, rows.length - AFFECTED_LIMIT) };
}

function timeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return supported ? supported('timeZone') : [];
}

// ---------------------------------------------------------------- index

settingsRoutes.get('/manage/:businessId/settings', async (c) => {
  const businessId = c.req.param('businessId');
  const db = c.get('db');
  const loaded = await loadOwnerPage(c, businessId, (tokenHash, now) => ({ onboarding: onboardingStatement(db, businessId, tokenHash, now) }));
  const { m } = loaded;
  return ownerPage(c, { title: 'Settings', section: 'settings', staff: loaded.staff, m, unread: loaded.unread }, () => (
    <SettingsIndex businessId={m.businessId} progress={onboardingProgress(loaded.results.onboarding[0])} />
  ));
});

// ---------------------------------------------------------------- profile

function profileValues(b: BusinessRow): ProfileFormValues {
  return {
    name: b.name,
    phone: b.phone ?? '',
    address: b.address ?? '',
    timeZone: b.timeZone,
    country: b.country,
    locale: b.locale,
    textLanguage: b.textLanguage,
    currency: b.currency,
    types: { boarding: b.offersBoarding, daycare: b.offersDaycare, grooming: b.offersGrooming, training: b.offersTraining },
    accentColour: b.accentColour ?? '',
    groomingBetaGranted: b.groomingBetaGranted,
    logoHref: b.logoKey ? `/${b.logoKey}` : null,
  };
}

function typedProfile(form: FormInput, b: BusinessRow): ProfileFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 400) : '');
  return {
    name: s('name'),
    phone: s('phone'),
    address: s('address'),
    timeZone: s('timeZone'),
    country: s('country'),
    locale: s('locale'),
    textLanguage: s('textLanguage'),
    currency: s('currency'),
    types: Object.fromEntries(SERVICE_TYPES.map((t) => [t, ticked(form, `offers_${t}`)])) as Record<ServiceType, boolean>,
    accentColour: s('accentColour'),
    groomingBetaGranted: b.groomingBetaGranted,
    logoHref: b.logoKey ? `/${b.logoKey}` : null,
  };
}

function renderProfile(
  c: Context<AppEnv>,
  ctx: OwnerCtx,
  values: ProfileFormValues,
  extra: {
    errors?: Partial<Record<ProfileField, string>>;
    notice?: string | null;
    affected?: ReturnType<typeof affectedList> | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  return ownerPage(
    c,
    { title: 'Business profile', section: 'settings', staff: ctx.staff, m: ctx.m, unread: ctx.unread },
    () => (
      <ProfileForm
        businessId={ctx.m.businessId}
        values={values}
        errors={extra.errors ?? {}}
        timeZones={timeZones()}
        notice={extra.notice}
        affected={extra.affected}
      />
    ),
    extra.status,
  );
}

settingsRoutes.get('/manage/:businessId/settings/profile', async (c) => {
  const loaded = await loadBusiness(c, c.req.param('businessId'));
  const b = loaded.results.business[0]!;
  return renderProfile(c, loaded, profileValues(b), { notice: c.req.query('done') === 'profile' ? DONE.profile : null });
});

const OFFERS = { boarding: 'offersBoarding', daycare: 'offersDaycare', grooming: 'offersGrooming', training: 'offersTraining' } as const;

/** The logo chosen in the form: its small copy, or the message for the logo field; null when none was chosen. */
async function readLogo(c: Context<AppEnv>, value: unknown): Promise<{ copy: Uint8Array } | { error: string } | null> {
  if (!(value instanceof File) || value.size === 0) return null;
  const bytes = value.size > MAX_PHOTO_BYTES ? new ArrayBuffer(0) : await value.arrayBuffer();
  const checked = checkPhoto(value.size, new Uint8Array(bytes), 'logo');
  if (!checked.ok) return { error: checked.error };
  try {
    return { copy: await makeCopy(c.env.IMAGES, bytes, LOGO) };
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'logo copy failed', requestId: c.get('requestId'), error: String(error) }));
    return { error: 'We could not read this image. Choose another one (JPEG, PNG or WebP), or save without a logo.' };
  }
}

settingsRoutes.post('/manage/:businessId/settings/profile', async (c) => {
  const businessId = c.req.param('businessId');
  const form = (await c.req.parseBody()) as FormInput;
  const parsed = parseProfile(form);
  const db = c.get('db');
  // One round trip: the row, and the live visits of every type (filtered below to those turned off).
  const loaded = await loadOwnerPage(c, businessId, (_t, now) => ({
    business: businessSettingsStatement(db, businessId),
    live: liveVisitsOfTypesStatement(db, businessId, [...SERVICE_TYPES], now),
    anyVisit: db.select({ id: appointments.id }).from(appointments).where(eq(appointments.businessId, businessId)).limit(1),
  }));
  const b = loaded.results.business[0]!;
  const again = (extra: Parameters<typeof renderProfile>[3]) => renderProfile(c, loaded, typedProfile(form, b), extra);
  if (!parsed.ok) return again({ errors: parsed.errors, status: 422 });
  const v = parsed.value;
  if (v.currency !== b.currency && loaded.results.anyVisit.length > 0)
    return again({ errors: { currency: `The currency stays ${b.currency}: visits are already recorded with prices in it.` }, status: 422 });
  const off = SERVICE_TYPES.filter((t) => b[OFFERS[t]] && !v[OFFERS[t]]);
  const stranded = loaded.results.live.filter((r) => off.includes(r.serviceType));
  if (stranded.length > 0 && !ticked(form, 'keep')) {
    // The list above is capped across every type; ask again for just these types when it may be cut short.
    const rows = loaded.results.live.length > AFFECTED_LIMIT ? await liveVisitsOfTypesStatement(db, businessId, off, loaded.now) : stranded;
    return again({ affected: affectedList(rows, b), status: 409 });
  }
  // The logo last: making its copy is the costly part, done only for a form that is otherwise fine.
  const logo = await readLogo(c, form.logo);
  if (logo && 'error' in logo) return again({ errors: { logo: logo.error }, status: 422 });
  const newKey = logo ? logoKey(businessId, newId('logo')) : null;
  const logoChange = newKey ? { logoKey: newKey } : ticked(form, 'removeLogo') ? { logoKey: null } : {};
  const objects: StoredObject[] = logo && newKey ? [{ key: newKey, body: logo.copy, contentType: COPY_TYPE }] : [];
  const results = await withObjectsStored(
    c.env.PHOTOS,
    objects,
    () => db.batch(updateBusinessStatements(db, ownerActor(c, loaded), 'settings.profile.update', b, { ...v, ...logoChange })),
    ([, update]) => update.rowsAffected > 0,
  );
  // The old logo's copy goes once nothing points at it (best effort: an orphan is only bytes).
  if (results[1].rowsAffected > 0 && 'logoKey' in logoChange && b.logoKey) await c.env.PHOTOS.delete(b.logoKey).catch(() => {});
  return c.redirect(`/manage/${businessId}/settings/profile?done=profile`, 303);
});

// ---------------------------------------------------------------- booking rules

function rulesValues(b: BusinessRow): RulesFormValues {
  return {
    fields: {
      boardingNightlyCapacity: String(b.boardingNightlyCapacity),
      daycareDailyCapacity: String(b.daycareDailyCapacity),
      minNoticeHours: String(b.minNoticeHours),
      bookingHorizonDays: String(b.bookingHorizonDays),
      slotIntervalMinutes: String(b.slotIntervalMinutes),
      maxDaysPerRequest: String(b.maxDaysPerRequest),
      maxLiveRequestsPerDay: String(b.maxLiveRequestsPerDay),
      depositFixed: b.depositRule === 'fixed' ? priceInput(b.depositValue, b.currency) : '',
      depositPercent: b.depositRule === 'percentage' ? String(b.depositValue / 100) : '',
      changePolicyHours: b.changePolicyHours === null ? '' : String(b.changePolicyHours),
      idogcamFeedUrl: b.idogcamFeedUrl ?? '',
      idogcamAccountId: b.idogcamAccountId ?? '',
    },
    checks: {
      onlineBookingEnabled: b.onlineBookingEnabled,
      agreementsBeforeBooking: b.agreementsBeforeBooking,
      waitlistAllowed: b.waitlistAllowed,
      packagesEnabled: b.packagesEnabled,
      membershipsEnabled: b.membershipsEnabled,
      groupClassesEnabled: b.groupClassesEnabled,
      requireTwoStep: b.requireTwoStep,
    },
    depositRule: b.depositRule,
    changePolicy: b.changePolicy,
    vaccinationPolicy: b.vaccinationPolicy,
    offersBoarding: b.offersBoarding,
    offersDaycare: b.offersDaycare,
    offersGrooming: b.offersGrooming,
    currency: b.currency,
  };
}

const RULE_TEXT_FIELDS = [
  'boardingNightlyCapacity',
  'daycareDailyCapacity',
  'minNoticeHours',
  'bookingHorizonDays',
  'slotIntervalMinutes',
  'maxDaysPerRequest',
  'maxLiveRequestsPerDay',
  'depositFixed',
  'depositPercent',
  'changePolicyHours',
  'idogcamFeedUrl',
  'idogcamAccountId',
];
const RULE_CHECKS = [
  'onlineBookingEnabled',
  'agreementsBeforeBooking',
  'waitlistAllowed',
  'packagesEnabled',
  'membershipsEnabled',
  'groupClassesEnabled',
  'requireTwoStep',
];

function typedRules(form: FormInput, b: BusinessRow): RulesFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).slice(0, 500) : '');
  return {
    ...rulesValues(b),
    fields: Object.fromEntries(RULE_TEXT_FIELDS.map((k) => [k, s(k)])),
    checks: Object.fromEntries(RULE_CHECKS.map((k) => [k, ticked(form, k)])),
    depositRule: s('depositRule'),
    changePolicy: s('changePolicy'),
    vaccinationPolicy: s('vaccinationPolicy'),
  };
}

function renderRules(
  c: Context<AppEnv>,
  ctx: OwnerCtx,
  values: RulesFormValues,
  extra: {
    errors?: Partial<Record<RuleField, string>>;
    notice?: string | null;
    affected?: ReturnType<typeof affectedList> | null;
    status?: 200 | 409 | 422;
  } = {},
) {
  return ownerPage(
    c,
    { title: 'Booking rules', section: 'settings', staff: ctx.staff, m: ctx.m, unread: ctx.unread },
    () => <RulesForm businessId={ctx.m.businessId} values={values} errors={extra.errors ?? {}} notice={extra.notice} affected={extra.affected} />,
    extra.status,
  );
}

settingsRoutes.get('/manage/:businessId/settings/booking', async (c) => {
  const loaded = await loadBusiness(c, c.req.param('businessId'));
  const b = loaded.results.business[0]!;
  return renderRules(c, loaded, rulesValues(b), { notice: c.req.query('done') === 'booking' ? DONE.booking : null });
});

settingsRoutes.post('/manage/:businessId/settings/booking', async (c) => {
  const businessId = c.req.param('businessId');
  const form = (await c.req.parseBody()) as FormInput;
  const db = c.get('db');
  const loaded = await loadBusiness(c, businessId);
  const b = loaded.results.business[0]!;
  const parsed = parseRules(form, b.currency);
  if (!parsed.ok) return renderRules(c, loaded, typedRules(form, b), { errors: parsed.errors, status: 422 });
  const v = parsed.value;
  if (!ticked(form, 'keep') && (v.boardingNightlyCapacity < b.boardingNightlyCapacity || v.daycareDailyCapacity < b.daycareDailyCapacity)) {
    const today = localDateString(loaded.now, b.timeZone);
    const [boarding, daycare] = await db.batch([
      overCapacityStatement(db, businessId, 'boarding', today, v.boardingNightlyCapacity),
      overCapacityStatement(db, businessId, 'daycare', today, v.daycareDailyCapacity),
    ]);
    const rows = [...boarding, ...daycare].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
    if (rows.length > 0) return renderRules(c, loaded, typedRules(form, b), { affected: affectedList(rows, b), status: 409 });
  }
  await db.batch(updateBusinessStatements(db, ownerActor(c, loaded), 'settings.booking.update', b, v));
  return c.redirect(`/manage/${businessId}/settings/booking?done=booking`, 303);
});
