/**
 * Vaccination certificates (issue 14 item 5), pure: no I/O, no clock of its own ("today" is the
 * business's calendar date, passed in).
 * - the file: a photo (JPEG, PNG, WebP, HEIC) or a PDF, told by its first bytes — never by its
 *   name or the browser's type — and at most {@link CERTIFICATE_MAX_BYTES};
 * - the entries read off it (vaccine name + expiry date), as the parent types them and as staff
 *   correct them: a fixed few rows (no JS needed), blank rows skipped, a name per row, a real
 *   date not more than {@link MAX_PAST_YEARS} years back nor {@link MAX_FUTURE_YEARS} ahead,
 *   no vaccine twice;
 * - the expiry reminders: which lead (30 or 7 days) a date is on;
 * - the reason staff give when they do not accept a certificate.
 * The parent's messages are in the reader's language (English outside a parent's request: the
 * console's review form); the staff's (the reject reason) are English, as the console.
 */
import { photoTypeOf } from './pet-form';
import { addDays, isValidDateString } from './time';
import { t } from '../i18n';

export const CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024;
/** Rows the forms show (the parent's and the staff review's). */
export const ENTRY_ROWS = 4;
export const VACCINE_NAME_MAX = 60;
export const MAX_PAST_YEARS = 5;
export const MAX_FUTURE_YEARS = 10;
/** Days before an expiry the parent is reminded, once each. */
export const REMINDER_LEADS = [30, 7] as const;
export type ReminderLead = (typeof REMINDER_LEADS)[number];

export type CertificateType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'application/pdf';

/** HEIF brands an iPhone (or another phone) writes for a still photo. */
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

/** The certificate's type by its bytes, or null when it is neither an image we take nor a PDF. */
export function certificateTypeOf(bytes: Uint8Array): CertificateType | null {
  const photo = photoTypeOf(bytes);
  if (photo) return photo;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIC_BRANDS.includes(ascii(8, 12))) return 'image/heic';
  // "%PDF-1.x": readers accept the header anywhere in the first 1024 bytes (after some junk).
  const head = ascii(0, Math.min(bytes.length, 1024));
  const at = head.indexOf('%PDF-');
  if (at >= 0 && /^%PDF-\d\.\d/.test(head.slice(at, at + 8))) return 'application/pdf';
  return null;
}

/**
 * The file's type, or the message for the file field. `bytes` is the whole file — or nothing
 * when `size` is over the limit (check the part's length before reading it).
 */
export function checkCertificate(size: number, bytes: Uint8Array): { ok: true; type: CertificateType } | { ok: false; error: string } {
  if (size === 0) return { ok: false, error: t('pets.upload.error.noFile') };
  if (size > CERTIFICATE_MAX_BYTES) return { ok: false, error: t('pets.upload.error.tooLarge', { mb: CERTIFICATE_MAX_BYTES / 1024 / 1024 }) };
  const type = certificateTypeOf(bytes);
  if (!type) return { ok: false, error: t('pets.upload.error.type') };
  return { ok: true, type };
}

/** One row as typed. */
export interface EntryValue {
  name: string;
  expiresOn: string;
}

/** A checked entry, as stored in `vaccination_uploads.entries` and the pet's record. */
export interface VaccinationEntry {
  name: string;
  expiresOn: string;
}

/** Field names of row `i` (1-based): `name_1`, `expires_1`. */
export const entryField = (kind: 'name' | 'expires', i: number) => `${kind}_${i}`;

export type EntryErrors = Partial<Record<string, string>>;

/** The rows as typed (strings only, trimmed), always {@link ENTRY_ROWS} or as many as `rows`. */
export function entryValues(form: Record<string, unknown>, rows = ENTRY_ROWS): EntryValue[] {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return Array.from({ length: rows }, (_, i) => ({ name: text(form[entryField('name', i + 1)]), expiresOn: text(form[entryField('expires', i + 1)]) }));
}

/** `values` padded with blank rows to at least `rows`. */
export function padEntries(values: EntryValue[], rows = ENTRY_ROWS): EntryValue[] {
  return [...values, ...Array.from({ length: Math.max(0, rows - values.length) }, () => ({ name: '', expiresOn: '' }))];
}

/** Names compared the way booking compares them: case, accents and outer spaces ignored. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();
}

/** Control characters (tabs and line breaks are turned into spaces first) and zero-width ones. */
function hasInvisible(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 || code === 0x7f || (code >= 0x200b && code <= 0x200d) || code === 0xfeff;
  });
}

/** The earliest expiry accepted: MAX_PAST_YEARS before today (an older certificate says nothing now). */
export function earliestExpiry(today: string): string {
  return addDays(today, -Math.round(MAX_PAST_YEARS * 365.25));
}
export function latestExpiry(today: string): string {
  return addDays(today, Math.round(MAX_FUTURE_YEARS * 365.25));
}

/**
 * Checks the rows: blank rows are skipped; a row with anything in it needs a name (≤ 60
 * characters, no control characters) and a real expiry date within the bounds; at least one
 * row; no vaccine twice. Errors are keyed by field name (`name_2`, `expires_2`), or `entries`.
 */
export function checkEntries(values: EntryValue[], today: string): { ok: true; entries: VaccinationEntry[] } | { ok: false; errors: EntryErrors } {
  const errors: EntryErrors = {};
  const entries: VaccinationEntry[] = [];
  const seen = new Set<string>();
  const earliest = earliestExpiry(today);
  const latest = latestExpiry(today);
  values.forEach((v, index) => {
    const i = index + 1;
    if (!v.name && !v.expiresOn) return;
    const name = v.name.replace(/\s+/g, ' ');
    if (!name) errors[entryField('name', i)] = t('pets.upload.error.name');
    else if (name.length > VACCINE_NAME_MAX) errors[entryField('name', i)] = t('pets.upload.error.nameLong', { max: VACCINE_NAME_MAX });
    else if (hasInvisible(name)) errors[entryField('name', i)] = t('pets.upload.error.nameInvisible');
    else if (seen.has(foldName(name))) errors[entryField('name', i)] = t('pets.upload.error.nameTwice');
    if (!v.expiresOn) errors[entryField('expires', i)] = t('pets.upload.error.expires');
    else if (!isValidDateString(v.expiresOn)) errors[entryField('expires', i)] = t('pets.upload.error.expiresFormat');
    else if (v.expiresOn < earliest) errors[entryField('expires', i)] = t('pets.upload.error.expiresPast', { years: MAX_PAST_YEARS });
    else if (v.expiresOn > latest) errors[entryField('expires', i)] = t('pets.upload.error.expiresFuture', { years: MAX_FUTURE_YEARS });
    if (name) seen.add(foldName(name));
    entries.push({ name, expiresOn: v.expiresOn });
  });
  if (entries.length === 0 && Object.keys(errors).length === 0) errors.entries = t('pets.upload.error.none');
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, entries };
}

/** The stored entries (JSON), or none when the text is not what {@link checkEntries} wrote. */
export function parseEntries(json: string): VaccinationEntry[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const { name, expiresOn } = e as Record<string, unknown>;
      return typeof name === 'string' && typeof expiresOn === 'string' ? [{ name, expiresOn }] : [];
    });
  } catch {
    return [];
  }
}

/** Whole days from `today` to `date` (both YYYY-MM-DD; negative when past). */
export function daysUntil(today: string, date: string): number {
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(ty, tm - 1, td)) / 86_400_000);
}

/** The reminder due today for an expiry on `expiresOn`, or null (only exactly 30 or 7 days before). */
export function reminderLeadOn(today: string, expiresOn: string): ReminderLead | null {
  if (!isValidDateString(expiresOn)) return null;
  const days = daysUntil(today, expiresOn);
  return REMINDER_LEADS.find((lead) => lead === days) ?? null;
}

export const REJECT_REASON_MAX = 300;

/** The reason staff give when they do not accept a certificate (the parent reads it): required, one paragraph. */
export function checkRejectReason(typed: unknown): { ok: true; reason: string } | { ok: false; error: string } {
  const reason = (typeof typed === 'string' ? typed : '').replace(/\s+/g, ' ').trim();
  if (!reason) return { ok: false, error: 'Say why, so the parent knows what to send instead.' };
  if (reason.length > REJECT_REASON_MAX) return { ok: false, error: `Keep it to ${REJECT_REASON_MAX} characters (it has ${reason.length}).` };
  if (hasInvisible(reason)) return { ok: false, error: 'Remove the invisible characters from the reason.' };
  return { ok: true, reason };
}
