/**
 * The owner's settings pages: the index (what each page sets), the business profile and the
 * booking rules.
 */
import { SERVICE_TYPES, type ServiceType } from '../../src/db/schema';
import { SERVICE_TYPE_WORDS, type ProfileField, type RuleField } from '../../src/domain/business-settings';
import { Choices, SelectField } from '../booking/steps';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export const SETTINGS_PAGES = [
  { path: 'profile', title: 'Business profile', what: 'Name, phone, address, time zone, country, language and currency, services offered, accent colour.' },
  {
    path: 'booking',
    title: 'Booking rules',
    what: 'Capacity, notice, how far ahead, waitlist, deposit, changes to confirmed visits, online booking and features.',
  },
  { path: 'hours', title: 'Hours and closures', what: 'Weekly opening hours per service, closed days and holidays, drop-off and pick-up windows.' },
  {
    path: 'services',
    title: 'Services and add-ons',
    what: 'What can be booked, for how long and at what price; which groomer does what, and when each works.',
  },
] as const;

export type OnboardingProgress = Record<'profile' | 'hours' | 'service' | 'capacity' | 'invited', boolean>;

/**
 * The new business's checklist: five steps, each a link to the page that does it, ticked as the
 * business's own data shows it done. Gone once every step is.
 */
export function OnboardingChecklist(p: { businessId: string; progress: OnboardingProgress | null | undefined }) {
  if (!p.progress || Object.values(p.progress).every(Boolean)) return null;
  const base = `/manage/${p.businessId}`;
  const steps: [keyof OnboardingProgress, string, string][] = [
    ['profile', `${base}/settings/profile`, 'Add your phone and address to your profile'],
    ['hours', `${base}/settings/hours`, 'Set your opening hours'],
    ['service', `${base}/settings/services`, 'Add a service clients can book'],
    ['capacity', `${base}/settings/booking`, 'Set how many pets a night or day you take (and when groomers work)'],
    ['invited', `${base}/clients`, 'Invite your clients'],
  ];
  const left = steps.filter(([k]) => !p.progress![k]).length;
  return (
    <aside class="card onboarding" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">Get ready for online booking</h2>
      <p class="muted">
        {left} of {steps.length} steps left. This list goes away when they are all done.
      </p>
      <ol>
        {steps.map(([k, href, label]) => (
          <li>
            {p.progress![k] ? (
              <>
                <span aria-hidden="true">✓ </span>
                <s>{label}</s>
                <span class="sr"> (done)</span>
              </>
            ) : (
              <a href={href}>{label}</a>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** The checklist's progress from onboardingStatement's row (none for staff). */
export function onboardingProgress(row: Record<keyof OnboardingProgress, number | boolean> | undefined): OnboardingProgress | null {
  if (!row) return null;
  return { profile: !!row.profile, hours: !!row.hours, service: !!row.service, capacity: !!row.capacity, invited: !!row.invited };
}

export function SettingsIndex(p: { businessId: string; progress?: OnboardingProgress | null }) {
  const base = `/manage/${p.businessId}/settings`;
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <OnboardingChecklist businessId={p.businessId} progress={p.progress} />
      <p>Changes show in your clients' portal at their next page view.</p>
      <ul class="settings-list">
        {SETTINGS_PAGES.map((s) => (
          <li>
            <a href={`${base}/${s.path}`}>{s.title}</a>
            <br />
            <span class="muted">{s.what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface AffectedVisit {
  href: string;
  who: string;
  when: string;
  status: string;
}

/** The visits a change would strand, with the choice to keep them; shown above the form. */
export function Affected(p: { heading: string; visits: AffectedVisit[]; more: number }) {
  return (
    <div class="card" role="alert" id="affected">
      <h2>{p.heading}</h2>
      <ul>
        {p.visits.map((v) => (
          <li>
            <a href={v.href}>
              {v.who}, {v.when}
            </a>{' '}
            <span class="muted">· {v.status}</span>
          </li>
        ))}
      </ul>
      {p.more > 0 ? <p>… and {p.more} more.</p> : null}
      <p>Nothing was saved. Move or cancel these visits first, or tick “Keep the existing appointments” below and save again: they stay booked as they are.</p>
    </div>
  );
}

function KeepExisting({ show }: { show: boolean }) {
  return show ? (
    <label class="choice">
      <input type="checkbox" name="keep" value="1" /> Keep the existing appointments (they stay booked; only new bookings follow the change)
    </label>
  ) : null;
}

type Errors<K extends string> = Partial<Record<K, string>>;

export interface ProfileFormValues {
  name: string;
  phone: string;
  address: string;
  timeZone: string;
  country: string;
  locale: string;
  textLanguage: string;
  currency: string;
  types: Record<ServiceType, boolean>;
  accentColour: string;
  groomingBetaGranted: boolean;
  /** The logo now on file (its path), or null. */
  logoHref: string | null;
}

export function ProfileForm(p: {
  businessId: string;
  values: ProfileFormValues;
  errors: Errors<ProfileField>;
  timeZones: string[];
  notice?: string | null;
  affected?: { visits: AffectedVisit[]; more: number } | null;
}) {
  const v = p.values;
  const e = p.errors;
  const zones = p.timeZones.includes(v.timeZone) || v.timeZone === '' ? p.timeZones : [v.timeZone, ...p.timeZones];
  return (
    <section aria-labelledby="profile-heading">
      <p>
        <a href={`/manage/${p.businessId}/settings`}>← Settings</a>
      </p>
      <h1 id="profile-heading">Business profile</h1>
      <Notice text={p.notice} />
      {p.affected ? <Affected heading="Visits are still booked for a service you turned off" {...p.affected} /> : null}
      <form method="post" action={`/manage/${p.businessId}/settings/profile`} class="card" enctype="multipart/form-data" novalidate>
        <Field id="name" name="name" label="Business name" value={v.name} error={e.name} maxlength={100} autocomplete="organization" required />
        <Field id="phone" name="phone" label="Phone clients call (optional)" type="tel" value={v.phone} error={e.phone} autocomplete="tel" inputmode="tel" />
        <Field id="address" name="address" label="Address (optional)" value={v.address} error={e.address} multiline maxlength={300} />
        <SelectField
          id="timeZone"
          name="timeZone"
          label="Time zone (every time clients and staff see is in it)"
          error={e.timeZone}
          options={zones.map((z) => ({ value: z, label: z.replaceAll('_', ' '), checked: z === v.timeZone }))}
        />
        <Field
          id="country"
          name="country"
          label="Country (two letters)"
          hint="The country of phone numbers typed without +, e.g. US or GB."
          value={v.country}
          error={e.country}
          maxlength={2}
          autocomplete="country"
        />
        <Field
          id="locale"
          name="locale"
          label="Language and region"
          hint="How dates, times and money are written, e.g. en-US (12-hour, MM/DD) or en-GB (24-hour, DD/MM)."
          value={v.locale}
          error={e.locale}
          maxlength={35}
        />
        <SelectField
          id="textLanguage"
          name="textLanguage"
          label="Language of texts and emails to clients who have not chosen one in the portal"
          error={e.textLanguage}
          options={[
            { value: 'en', label: 'English', checked: v.textLanguage !== 'es' },
            { value: 'es', label: 'Español (Spanish)', checked: v.textLanguage === 'es' },
          ]}
        />
        <Field
          id="currency"
          name="currency"
          label="Currency (three letters)"
          hint="e.g. USD, GBP, CAD, EUR."
          value={v.currency}
          error={e.currency}
          maxlength={3}
        />
        <Choices
          name="serviceTypes"
          legend="Services offered"
          type="checkbox"
          error={e.serviceTypes}
          options={SERVICE_TYPES.map((t) => ({ value: t, label: SERVICE_TYPE_WORDS[t], checked: v.types[t] }))}
          nameOf={(t) => `offers_${t}`}
        />
        {!v.groomingBetaGranted ? (
          <p class="hint">A business offering only grooming (or grooming and training) shows its portal once Pawtal has granted the grooming beta.</p>
        ) : null}
        <Field
          id="accentColour"
          name="accentColour"
          label="Accent colour of your clients' portal header (optional)"
          hint="# and six hex digits, e.g. #0b5fa5. White text must be readable on it (contrast 4.5:1); empty uses Pawtal’s blue."
          value={v.accentColour}
          error={e.accentColour}
          maxlength={7}
        />
        {v.logoHref ? (
          <p>
            <img class="logo-preview" src={v.logoHref} alt="Your logo as clients see it" height={48} />
          </p>
        ) : null}
        <Field
          id="logo"
          name="logo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          label={v.logoHref ? 'Replace the logo (optional)' : 'Logo for your clients’ portal header (optional)'}
          hint={`JPEG, PNG or WebP, up to 5 MB; shown 32 px high beside your name.${Object.keys(e).length > 0 ? ' If you had chosen one, choose it again.' : ''}`}
          error={e.logo}
        />
        {v.logoHref ? (
          <label class="choice">
            <input type="checkbox" name="removeLogo" value="1" /> Remove the logo
          </label>
        ) : null}
        <KeepExisting show={!!p.affected} />
        <button type="submit">Save profile</button>
      </form>
    </section>
  );
}

export interface RulesFormValues {
  fields: Record<string, string>;
  checks: Record<string, boolean>;
  depositRule: string;
  changePolicy: string;
  vaccinationPolicy: string;
  offersBoarding: boolean;
  offersDaycare: boolean;
  offersGrooming: boolean;
  currency: string;
}

export function RulesForm(p: {
  businessId: string;
  values: RulesFormValues;
  errors: Errors<RuleField>;
  notice?: string | null;
  affected?: { visits: AffectedVisit[]; more: number } | null;
}) {
  const v = p.values;
  const e = p.errors;
  const f = (name: string) => v.fields[name] ?? '';
  const check = (name: string, label: string, hint?: string) => ({ value: name, label, hint, checked: !!v.checks[name] });
  return (
    <section aria-labelledby="rules-heading">
      <p>
        <a href={`/manage/${p.businessId}/settings`}>← Settings</a>
      </p>
      <h1 id="rules-heading">Booking rules</h1>
      <Notice text={p.notice} />
      {p.affected ? <Affected heading="More places are already booked than the new capacity" {...p.affected} /> : null}
      <form method="post" action={`/manage/${p.businessId}/settings/booking`} class="card" novalidate>
        <h2>Capacity</h2>
        {v.offersBoarding || e.boardingNightlyCapacity ? (
          <Field
            id="boardingNightlyCapacity"
            name="boardingNightlyCapacity"
            label="Boarding: pets a night"
            inputmode="numeric"
            value={f('boardingNightlyCapacity')}
            error={e.boardingNightlyCapacity}
          />
        ) : (
          <input type="hidden" name="boardingNightlyCapacity" value={f('boardingNightlyCapacity')} />
        )}
        {v.offersDaycare || e.daycareDailyCapacity ? (
          <Field
            id="daycareDailyCapacity"
            name="daycareDailyCapacity"
            label="Daycare: pets a day"
            inputmode="numeric"
            value={f('daycareDailyCapacity')}
            error={e.daycareDailyCapacity}
          />
        ) : (
          <input type="hidden" name="daycareDailyCapacity" value={f('daycareDailyCapacity')} />
        )}
        <h2>Online booking</h2>
        <Choices
          name="online"
          legend="Booking"
          type="checkbox"
          options={[
            check('onlineBookingEnabled', 'Clients can book online'),
            check('waitlistAllowed', 'Offer the waitlist when a date is full'),
            check('agreementsBeforeBooking', 'Clients sign your agreements before booking online', 'each agreement’s newest version'),
          ]}
          nameOf={(n) => n}
        />
        <Field
          id="minNoticeHours"
          name="minNoticeHours"
          label="Minimum notice (hours before the visit)"
          inputmode="numeric"
          value={f('minNoticeHours')}
          error={e.minNoticeHours}
        />
        <Field
          id="bookingHorizonDays"
          name="bookingHorizonDays"
          label="How far ahead clients can book (days)"
          inputmode="numeric"
          value={f('bookingHorizonDays')}
          error={e.bookingHorizonDays}
        />
        {v.offersGrooming || e.slotIntervalMinutes ? (
          <Field
            id="slotIntervalMinutes"
            name="slotIntervalMinutes"
            label="Grooming start times every (minutes)"
            inputmode="numeric"
            value={f('slotIntervalMinutes')}
            error={e.slotIntervalMinutes}
          />
        ) : (
          <input type="hidden" name="slotIntervalMinutes" value={f('slotIntervalMinutes')} />
        )}
        <Field
          id="maxDaysPerRequest"
          name="maxDaysPerRequest"
          label="Most days or nights in one request"
          inputmode="numeric"
          value={f('maxDaysPerRequest')}
          error={e.maxDaysPerRequest}
        />
        <Field
          id="maxLiveRequestsPerDay"
          name="maxLiveRequestsPerDay"
          label="Most open requests one client may have for a service on one day"
          inputmode="numeric"
          value={f('maxLiveRequestsPerDay')}
          error={e.maxLiveRequestsPerDay}
        />
        <Choices
          name="depositRule"
          legend="Deposit"
          type="radio"
          error={e.deposit}
          options={[
            { value: 'none', label: 'No deposit', checked: v.depositRule === 'none' },
            { value: 'fixed', label: `A fixed amount (${v.currency}, below)`, checked: v.depositRule === 'fixed' },
            { value: 'percentage', label: 'A percentage of the price (below)', checked: v.depositRule === 'percentage' },
          ]}
        />
        <Field id="depositFixed" name="depositFixed" label={`Fixed deposit (${v.currency})`} inputmode="text" value={f('depositFixed')} />
        <Field id="depositPercent" name="depositPercent" label="Deposit percentage (%)" inputmode="text" value={f('depositPercent')} />
        <Choices
          name="changePolicy"
          legend="Changes to confirmed visits in the portal"
          type="radio"
          error={e.changePolicy}
          options={[
            { value: 'not_allowed', label: 'Not allowed (clients call you)', checked: v.changePolicy === 'not_allowed' },
            { value: 'until_hours_before', label: 'Allowed until the hours below before the visit', checked: v.changePolicy === 'until_hours_before' },
          ]}
        />
        <Field id="changePolicyHours" name="changePolicyHours" label="Hours before the visit" inputmode="numeric" value={f('changePolicyHours')} />
        <Choices
          name="vaccinationPolicy"
          legend="A pet's required vaccination is missing or expired on the visit's dates"
          type="radio"
          error={e.vaccinationPolicy}
          options={[
            { value: 'refuse', label: 'Refuse the request and say which record is needed', checked: v.vaccinationPolicy === 'refuse' },
            { value: 'flag', label: 'Send it marked "vaccination record needed" for you to check', checked: v.vaccinationPolicy === 'flag' },
          ]}
        />
        <h2>Features</h2>
        <Choices
          name="features"
          legend="Sections in your clients' portal"
          type="checkbox"
          options={[check('packagesEnabled', 'Packages'), check('membershipsEnabled', 'Memberships'), check('groupClassesEnabled', 'Group classes')]}
          nameOf={(n) => n}
        />
        <Field
          id="idogcamFeedUrl"
          name="idogcamFeedUrl"
          label="Live camera: iDogCam feed address (optional)"
          hint="Clients see “View live camera” while their pet is checked in for boarding or daycare."
          type="url"
          inputmode="text"
          value={f('idogcamFeedUrl')}
          error={e.idogcamFeedUrl}
        />
        <Field id="idogcamAccountId" name="idogcamAccountId" label="iDogCam account id (optional)" value={f('idogcamAccountId')} error={e.idogcamAccountId} />
        <Choices
          name="security"
          legend="Sign-in"
          type="checkbox"
          options={[check('requireTwoStep', 'Require two-step sign-in for every staff member', 'owners always need it')]}
          nameOf={(n) => n}
        />
        <KeepExisting show={!!p.affected} />
        <button type="submit">Save booking rules</button>
      </form>
    </section>
  );
}
