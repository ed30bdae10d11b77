/**
 * The rules for a pet as the portal shows and adds it (SPEC §6), pure: no I/O, no clock of its
 * own ("today" is passed in, as the business's calendar date).
 * - reading the "Add a pet" form: required name and species, a sensible birthday and weight,
 *   optional free-text fields with length caps, no control characters and no name of only
 *   invisible characters (name-text.ts); every refusal is a message for its field, in the
 *   reader's language (English outside a parent's request: the console);
 * - the photo: JPEG, PNG or WebP by its first bytes (never by the name or the browser's type),
 *   at most MAX_PHOTO_BYTES, and a readable header (image-header.ts) within the pixel limits of
 *   the Images binding that makes its copies (MAX_PHOTO_SIDE, MAX_PHOTO_PIXELS);
 * - display: age from the birthday, weight in kg or lb by the business's locale/country, and
 *   the vaccination flag (expired, expiring within 30 days).
 */
import { PET_SEXES, PET_SPECIES } from '../db/schema';
import { imageHeader } from './image-header';
import { addDays, isValidDateString } from './time';
import { currentLanguage, t } from '../i18n';
import { lineProblem, NAME_MESSAGES, notesProblem, type TextProblem } from './name-text';

export type PetSpecies = (typeof PET_SPECIES)[number];
export type PetSex = (typeof PET_SEXES)[number];
export type WeightUnit = 'kg' | 'lb';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/**
 * Cloudflare Images reads at most 12,000 px a side and 100 megapixels, but decoding that many
 * costs time and memory for a photo shown at 320 px; a phone photo is 12–50 MP, most under 40.
 * So 40 MP (issue 16), checked from the header before any copy is made.
 */
export const MAX_PHOTO_SIDE = 12_000;
export const MAX_PHOTO_PIXELS = 40_000_000;
export const MAX_AGE_YEARS = 40;
/** Heavier than any dog on record (≈ 155 kg); "other" pets beyond that are not a portal's case. */
export const MAX_WEIGHT_KG = 150;
export const EXPIRING_WITHIN_DAYS = 30;
const GRAMS_PER_LB = 453.59237;

/** The form's fields as typed (strings), to re-render the form after a refusal. */
export interface PetFormValues {
  name: string;
  species: string;
  breed: string;
  sex: string;
  birthday: string;
  weight: string;
  colour: string;
  spayedNeutered: string;
  vetName: string;
  vetPhone: string;
  medications: string;
  feeding: string;
  behaviourNotes: string;
}

export type PetFormField = keyof PetFormValues | 'photo';
export type PetFormErrors = Partial<Record<PetFormField, string>>;

/** A checked new pet, ready to store (weight in grams, empty optional fields as null). */
export interface NewPet {
  name: string;
  species: PetSpecies;
  breed: string | null;
  sex: PetSex;
  birthday: string | null;
  weightGrams: number | null;
  colour: string | null;
  spayedNeutered: boolean | null;
  vetName: string | null;
  vetPhone: string | null;
  medications: string | null;
  feeding: string | null;
  behaviourNotes: string | null;
}

export const EMPTY_PET_FORM: PetFormValues = {
  name: '',
  species: '',
  breed: '',
  sex: 'unknown',
  birthday: '',
  weight: '',
  colour: '',
  spayedNeutered: '',
  vetName: '',
  vetPhone: '',
  medications: '',
  feeding: '',
  behaviourNotes: '',
};

/** Longest accepted text per field (characters). */
export const PET_FIELD_MAX: Record<Exclude<keyof PetFormValues, 'species' | 'sex' | 'birthday' | 'weight' | 'spayedNeutered'>, number> = {
  name: 60,
  breed: 80,
  colour: 60,
  vetName: 100,
  vetPhone: 40,
  medications: 1000,
  feeding: 1000,
  behaviourNotes: 1000,
};

/** Reads the typed values out of a parsed form body (anything not a string counts as empty). */
export function petFormValues(body: Record<string, unknown>): PetFormValues {
  const out = { ...EMPTY_PET_FORM };
  for (const key of Object.keys(out) as (keyof PetFormValues)[]) {
    const v = body[key];
    if (typeof v === 'string') out[key] = v.replace(/\r\n/g, '\n').trim();
  }
  return out;
}

/** kg, or lb where the business's country weighs pets in pounds (the US; en-US locale). */
export function weightUnitFor(business: { locale: string; country: string }): WeightUnit {
  const country = business.country.toUpperCase();
  if (country === 'US' || country === 'LR' || country === 'MM') return 'lb';
  return /-US$/i.test(business.locale) ? 'lb' : 'kg';
}

export function gramsFrom(value: number, unit: WeightUnit): number {
  return Math.round(unit === 'kg' ? value * 1000 : value * GRAMS_PER_LB);
}

/** "12.5 kg" / "27.6 lb", one decimal at most. */
export function formatWeight(grams: number, unit: WeightUnit, locale: string): string {
  const value = unit === 'kg' ? grams / 1000 : grams / GRAMS_PER_LB;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

function maxWeightIn(unit: WeightUnit): number {
  return unit === 'kg' ? MAX_WEIGHT_KG : Math.floor((MAX_WEIGHT_KG * 1000) / GRAMS_PER_LB);
}

/** The earliest accepted birthday: MAX_AGE_YEARS before `today`. */
export function earliestBirthday(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // 29 Feb minus 40 years is a leap day too (40 is a multiple of 4, and 2000 was a leap year).
  return `${String(y - MAX_AGE_YEARS).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Names (the pet's, the vet's), other one-line fields and notes, each by its rule (name-text.ts). */
const TEXT_RULES: [keyof PetFormValues, 'name' | 'line' | 'notes'][] = [
  ['name', 'name'],
  ['vetName', 'name'],
  ['breed', 'line'],
  ['colour', 'line'],
  ['vetPhone', 'line'],
  ['medications', 'notes'],
  ['feeding', 'notes'],
  ['behaviourNotes', 'notes'],
];

function textProblems(v: PetFormValues): [keyof PetFormValues, TextProblem][] {
  return TEXT_RULES.flatMap(([field, rule]) => {
    const problem = rule === 'notes' ? notesProblem(v[field]) : lineProblem(v[field], { name: rule === 'name' });
    return problem ? [[field, problem] as [keyof PetFormValues, TextProblem]] : [];
  });
}

/**
 * Checks the "Add a pet" form. `today` is the business's calendar date (YYYY-MM-DD); `unit`
 * the weight unit the form asked in.
 */
export function checkPetForm(v: PetFormValues, today: string, unit: WeightUnit): { ok: true; pet: NewPet } | { ok: false; errors: PetFormErrors } {
  const errors: PetFormErrors = {};
  for (const [field, max] of Object.entries(PET_FIELD_MAX) as [keyof typeof PET_FIELD_MAX, number][]) {
    if (v[field].length > max) errors[field] = t('pets.error.tooLong', { max });
  }
  for (const [field, problem] of textProblems(v)) errors[field] ??= NAME_MESSAGES[problem];
  if (!v.name) errors.name = t('pets.error.name');
  if (!(PET_SPECIES as readonly string[]).includes(v.species)) errors.species = t('pets.error.species');
  const sex = v.sex || 'unknown';
  if (!(PET_SEXES as readonly string[]).includes(sex)) errors.sex = t('pets.error.sex');
  if (!['', 'yes', 'no'].includes(v.spayedNeutered)) errors.spayedNeutered = t('pets.error.spayedNeutered');

  if (v.birthday) {
    if (!isValidDateString(v.birthday)) errors.birthday = t('pets.error.birthdayFormat');
    else if (v.birthday > today) errors.birthday = t('pets.error.birthdayFuture');
    else if (v.birthday < earliestBirthday(today)) errors.birthday = t('pets.error.birthdayTooOld', { years: MAX_AGE_YEARS });
  }

  let weightGrams: number | null = null;
  if (v.weight) {
    const max = maxWeightIn(unit);
    const n = /^\d{1,4}([.,]\d{1,3})?$/.test(v.weight) ? Number(v.weight.replace(',', '.')) : /^-\s*\d/.test(v.weight) ? -1 : NaN;
    if (Number.isNaN(n)) errors.weight = t('pets.error.weightFormat', { unit });
    else if (n <= 0) errors.weight = t('pets.error.weightZero');
    else if (n > max) errors.weight = t('pets.error.weightMax', { max, unit });
    else weightGrams = gramsFrom(n, unit);
    if (weightGrams === 0) errors.weight = t('pets.error.weightZero');
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  const opt = (s: string) => (s ? s : null);
  return {
    ok: true,
    pet: {
      name: v.name,
      species: v.species as PetSpecies,
      breed: opt(v.breed),
      sex: sex as PetSex,
      birthday: opt(v.birthday),
      weightGrams,
      colour: opt(v.colour),
      spayedNeutered: v.spayedNeutered === '' ? null : v.spayedNeutered === 'yes',
      vetName: opt(v.vetName),
      vetPhone: opt(v.vetPhone),
      medications: opt(v.medications),
      feeding: opt(v.feeding),
      behaviourNotes: opt(v.behaviourNotes),
    },
  };
}

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type by its magic bytes, or null when it is none of JPEG, PNG, WebP. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  const at = (i: number) => bytes[i];
  if (bytes.length >= 3 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * The photo's type and size in pixels, or the message for the photo field. `bytes` is the whole
 * upload — or nothing when `size` is over the limit (check the part's length before reading it).
 * `what` names the image in the messages ("photo", or "logo" for a business's logo).
 */
export function checkPhoto(
  size: number,
  bytes: Uint8Array,
  what: 'photo' | 'logo' = 'photo',
): { ok: true; type: PhotoType; width: number; height: number } | { ok: false; error: string } {
  if (size > MAX_PHOTO_BYTES) return { ok: false, error: t('pets.error.photoTooLarge', { what, mb: MAX_PHOTO_BYTES / 1024 / 1024 }) };
  if (!photoTypeOf(bytes)) return { ok: false, error: t('pets.error.photoType', { what }) };
  const header = imageHeader(bytes);
  if (!header) return { ok: false, error: t('pets.error.photoDamaged', { what }) };
  if (header.width > MAX_PHOTO_SIDE || header.height > MAX_PHOTO_SIDE || header.width * header.height > MAX_PHOTO_PIXELS) {
    return {
      ok: false,
      error: t('pets.error.photoPixels', {
        what,
        width: header.width,
        height: header.height,
        side: MAX_PHOTO_SIDE.toLocaleString(currentLanguage()),
        megapixels: MAX_PHOTO_PIXELS / 1_000_000,
      }),
    };
  }
  return { ok: true, ...header };
}

/** Whole years and months between a birthday and today, e.g. "3 years, 2 months", "5 months", "3 weeks". */
export function ageOn(birthday: string, today: string): string | null {
  if (!isValidDateString(birthday) || birthday > today) return null;
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let months = (ty - by) * 12 + (tm - bm);
  if (td < bd) months -= 1;
  if (months <= 0) {
    const days = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(by, bm - 1, bd)) / 86_400_000);
    return days < 7 ? t('pets.age.days', { count: days }) : t('pets.age.weeks', { count: Math.floor(days / 7) });
  }
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return t('pets.age.months', { count: rest });
  return rest ? t('pets.age.yearsMonths', { years, months: rest }) : t('pets.age.years', { count: years });
}

export type VaccinationFlag = 'expired' | 'expiring' | null;

/** Expired once its expiry date has passed; "expires soon" when it falls within 30 days. */
export function vaccinationFlag(expiresOn: string | null, today: string): VaccinationFlag {
  if (!expiresOn) return null;
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDays(today, EXPIRING_WITHIN_DAYS)) return 'expiring';
  return null;
}
