/**
 * The owner's business profile and booking rules as typed into the console's settings forms
 * (console part 3, items 1, 5 and 6): each field read, checked and turned into what the
 * businesses row stores, or refused with a sentence for the field. Pure: no I/O; the route
 * adds the checks that need the database (visits that a change would strand).
 */
import { SERVICE_TYPES, type ServiceType } from '../db/schema';
import { currencyMinorDigits } from './money';
import { parsePrice } from './service-form';
import { normalizePhone, formatPhoneInternational } from './phone';
import { isSupportedCountry } from 'libphonenumber-js/min';

export type FormInput = Record<string, string | File | (string | File)[] | undefined>;
export type FieldErrors<K extends string> = Partial<Record<K, string>>;
export type Parsed<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

/** The value of a text field, trimmed; '' when absent or not text. */
export function text(form: FormInput, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** A checkbox: ticked when sent with any value. */
export function ticked(form: FormInput, name: string): boolean {
  return typeof form[name] === 'string';
}

// ---------------------------------------------------------------- profile

export const PROFILE_FIELDS = [
  'name',
  'phone',
  'address',
  'timeZone',
  'country',
  'locale',
  'textLanguage',
  'currency',
  'serviceTypes',
  'accentColour',
  'logo',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface ProfileValues {
  name: string;
  phone: string | null;
  address: string | null;
  timeZone: string;
  country: string;
  locale: string;
  /** Language of the texts and emails clients get when they have not chosen one; absent = unchanged. */
  textLanguage?: 'en' | 'es';
  currency: string;
  offersBoarding: boolean;
  offersDaycare: boolean;
  offersGrooming: boolean;
  offersTraining: boolean;
  accentColour: string | null;
}

export const SERVICE_TYPE_WORDS: Record<ServiceType, string> = { boarding: 'Boarding', daycare: 'Daycare', grooming: 'Grooming', training: 'Training' };

/** Whether `zone` is an IANA time zone Intl knows (`America/Los_Angeles`). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The canonical form of a BCP 47 locale (`en-gb` → `en-GB`), or null when it is not one. */
export function canonicalLocale(locale: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(locale)) return null;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? null;
  } catch {
    return null;
  }
}

/** Whether `code` is an ISO 4217 currency Intl can format. */
export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    currencyMinorDigits(code);
    return true;
  } catch {
    return false;
  }
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** The WCAG contrast ratio of white text on `#rrggbb` (1 to 21). */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

export function parseProfile(form: FormInput): Parsed<ProfileValues, ProfileField> {
  const errors: FieldErrors<ProfileField> = {};
  const name = text(form, 'name');
  if (name === '') errors.name = 'Enter the business’s name as clients know it.';
  else if (name.length > 100) errors.name = 'Keep the name to 100 characters or fewer.';

  const country = text(form, 'country').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) errors.country = 'Enter the two-letter country code, e.g. US, GB, CA or AU.';

  let phone: string | null = null;
  const phoneText = text(form, 'phone');
  if (phoneText !== '') {
    const normalized = normalizePhone(phoneText, errors.country ? 'US' : country);
    if (normalized.ok) phone = formatPhoneInternational(normalized.e164);
    else errors.phone = normalized.message.replace('your pet-care business has on file', 'clients should call');
  }

  const address = text(form, 'address').replace(/\r\n?/g, '\n');
  if (address.length > 300) errors.address = 'Keep the address to 300 characters or fewer.';

  const timeZone = text(form, 'timeZone');
  if (!isTimeZone(timeZone)) errors.timeZone = 'Choose the time zone the business works in, e.g. America/Los_Angeles or Europe/London.';

  const locale = canonicalLocale(text(form, 'locale'));
  if (!locale) errors.locale = 'Enter a language and region code, e.g. en-US or en-GB.';

  // A form without the field (an older page) leaves the language as it is.
  const textLanguageTyped = form.textLanguage === undefined ? undefined : text(form, 'textLanguage');
  if (textLanguageTyped !== undefined && textLanguageTyped !== 'en' && textLanguageTyped !== 'es')
    errors.textLanguage = 'Choose English or Spanish for the texts and emails your clients get.';

  const currency = text(form, 'currency').toUpperCase();
  if (!isCurrency(currency)) errors.currency = 'Enter the three-letter currency code, e.g. USD, GBP, CAD or EUR.';

  const types = Object.fromEntries(SERVICE_TYPES.map((t) => [t, ticked(form, `offers_${t}`)])) as Record<ServiceType, boolean>;
  if (!SERVICE_TYPES.some((t) => types[t])) errors.serviceTypes = 'Tick at least one service the business offers.';

  let accentColour: string | null = text(form, 'accentColour').toLowerCase() || null;
  if (accentColour !== null) {
    if (/^#[0-9a-f]{3}$/.test(accentColour)) accentColour = `#${[...accentColour.slice(1)].map((d) => d + d).join('')}`;
    if (!/^#[0-9a-f]{6}$/.test(accentColour))
      errors.accentColour = 'Enter the colour as # and six hex digits, e.g. #0b5fa5, or leave it empty for Pawtal’s blue.';
    else {
      const ratio = contrastWithWhite(accentColour);
      if (ratio < MIN_CONTRAST)
        errors.accentColour = `White text on ${accentColour} has a contrast of ${ratio.toFixed(1)}:1; it needs at least ${MIN_CONTRAST}:1 to be readable (WCAG AA). Choose a darker colour.`;
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      phone,
      address: address || null,
      timeZone,
      country,
      locale: locale as string,
      ...(textLanguageTyped === 'en' || textLanguageTyped === 'es' ? { textLanguage: textLanguageTyped } : {}),
      currency,
      offersBoarding: types.boarding,
      offersDaycare: types.daycare,
      offersGrooming: types.grooming,
      offersTraining: types.training,
      accentColour,
    },
  };
}

// ---------------------------------------------------------------- booking rules

export const RULE_FIELDS = [
  'boardingNightlyCapacity',
  'daycareDailyCapacity',
  'minNoticeHours',
  'bookingHorizonDays',
  'slotIntervalMinutes',
  'maxDaysPerRequest',
  'maxLiveRequestsPerDay',
  'deposit',
  'changePolicy',
  'vaccinationPolicy',
  'idogcamFeedUrl',
  'idogcamAccountId',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export interface RuleValues {
  boardingNightlyCapacity: number;
  daycareDailyCapacity: number;
  minNoticeHours: number;
  bookingHorizonDays: number;
  slotIntervalMinutes: number;
  maxDaysPerRequest: number;
  maxLiveRequestsPerDay: number;
  waitlistAllowed: boolean;
  depositRule: 'none' | 'fixed' | 'percentage';
  /** Minor units (fixed) or basis points (percentage). */
  depositValue: number;
  changePolicy: 'not_allowed' | 'until_hours_before';
  changePolicyHours: number | null;
  vaccinationPolicy: 'refuse' | 'flag';
  onlineBookingEnabled: boolean;
  agreementsBeforeBooking: boolean;
  packagesEnabled: boolean;
  membershipsEnabled: boolean;
  groupClassesEnabled: boolean;
  requireTwoStep: boolean;
  idogcamFeedUrl: string | null;
  idogcamAccountId: string | null;
}

/** A whole number in [min, max], or the sentence saying what is expected. */
function wholeNumber(raw: string, min: number, max: number, what: string): number | string {
  if (!/^\d+$/.test(raw)) return `Enter ${what} as a whole number from ${min} to ${max}.`;
  const n = Number(raw);
  if (n < min || n > max) return `Enter ${what} from ${min} to ${max}.`;
  return n;
}

export function parseRules(form: FormInput, currency: string): Parsed<RuleValues, RuleField> {
  const errors: FieldErrors<RuleField> = {};
  const num = (field: RuleField, min: number, max: number, what: string): number => {
    const r = wholeNumber(text(form, field), min, max, what);
    if (typeof r === 'string') {
      errors[field] = r;
      return 0;
    }
    return r;
  };
  const boardingNightlyCapacity = num('boardingNightlyCapacity', 0, 10_000, 'the pets a night');
  const daycareDailyCapacity = num('daycareDailyCapacity', 0, 10_000, 'the pets a day');
  const minNoticeHours = num('minNoticeHours', 0, 720, 'the notice in hours');
  const bookingHorizonDays = num('bookingHorizonDays', 1, 730, 'how many days ahead');
  const slotIntervalMinutes = num('slotIntervalMinutes', 5, 240, 'the minutes between start times');
  const maxDaysPerRequest = num('maxDaysPerRequest', 1, 365, 'the days or nights in one request');
  const maxLiveRequestsPerDay = num('maxLiveRequestsPerDay', 1, 50, 'the requests per client per day');

  const depositRule = text(form, 'depositRule');
  let depositValue = 0;
  if (depositRule === 'fixed') {
    const v = parsePrice(text(form, 'depositFixed'), currency);
    if (!v.ok) errors.deposit = v.message;
    else if (v.minor === 0) errors.deposit = 'A fixed deposit must be more than zero, or choose No deposit.';
    else depositValue = v.minor;
  } else if (depositRule === 'percentage') {
    const raw = text(form, 'depositPercent').replace(/\s*%$/, '');
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw) || Number(raw) <= 0 || Number(raw) > 100) errors.deposit = 'Enter the percentage from 0.01 to 100, e.g. 20.';
    else depositValue = Math.round(Number(raw) * 100);
  } else if (depositRule !== 'none') errors.deposit = 'Choose no deposit, a fixed amount or a percentage.';

  const changePolicy = text(form, 'changePolicy');
  let changePolicyHours: number | null = null;
  if (changePolicy === 'until_hours_before') {
    const r = wholeNumber(text(form, 'changePolicyHours'), 0, 720, 'the hours before the visit');
    if (typeof r === 'string') errors.changePolicy = r;
    else changePolicyHours = r;
  } else if (changePolicy !== 'not_allowed') errors.changePolicy = 'Choose whether clients may change confirmed visits.';

  const vaccinationPolicy = text(form, 'vaccinationPolicy');
  if (vaccinationPolicy !== 'refuse' && vaccinationPolicy !== 'flag') errors.vaccinationPolicy = 'Choose what happens when a vaccination is missing.';

  const feed = text(form, 'idogcamFeedUrl');
  let idogcamFeedUrl: string | null = null;
  if (feed !== '') {
    const url = URL.canParse(feed) ? new URL(feed) : null;
    if (url?.protocol !== 'https:' || url.username || url.password || feed.length > 500)
      errors.idogcamFeedUrl = 'Enter the feed address iDogCam gave you, starting with https://.';
    else idogcamFeedUrl = url.toString();
  }
  const account = text(form, 'idogcamAccountId');
  if (account !== '' && !/^[A-Za-z0-9_-]{1,100}$/.test(account)) errors.idogcamAccountId = 'The iDogCam account id has only letters, digits, - and _.';
  if (account !== '' && feed === '' && !errors.idogcamFeedUrl) errors.idogcamFeedUrl = 'Enter the feed address too, or clear the account id.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      boardingNightlyCapacity,
      daycareDailyCapacity,
      minNoticeHours,
      bookingHorizonDays,
      slotIntervalMinutes,
      maxDaysPerRequest,
      maxLiveRequestsPerDay,
      waitlistAllowed: ticked(form, 'waitlistAllowed'),
      depositRule: depositRule as RuleValues['depositRule'],
      depositValue,
      changePolicy: changePolicy as RuleValues['changePolicy'],
      changePolicyHours,
      vaccinationPolicy: vaccinationPolicy as RuleValues['vaccinationPolicy'],
      onlineBookingEnabled: ticked(form, 'onlineBookingEnabled'),
      agreementsBeforeBooking: ticked(form, 'agreementsBeforeBooking'),
      packagesEnabled: ticked(form, 'packagesEnabled'),
      membershipsEnabled: ticked(form, 'membershipsEnabled'),
      groupClassesEnabled: ticked(form, 'groupClassesEnabled'),
      requireTwoStep: ticked(form, 'requireTwoStep'),
      idogcamFeedUrl,
      idogcamAccountId: account || null,
    },
  };
}
