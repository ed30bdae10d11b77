/**
 * The console's report-card form (SPEC §7, §11), pure: the typed notes (mood, activities,
 * eating, potty, staff comment) read from a form and checked, the photos' checks — JPEG, PNG or
 * WebP by their bytes (HEIC named, since phones send it), at most REPORT_PHOTO_MAX_BYTES each,
 * a readable header within the pixel limits of the Images binding — and what a correction of a
 * sent card changed, for its audit row.
 */
import { imageHeader } from './image-header';
import { MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, photoTypeOf, type PhotoType } from './pet-form';

export const REPORT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Photos one card may carry; a portal page shows them all as thumbnails. */
export const REPORT_PHOTOS_MAX = 20;

export const REPORT_FIELDS = ['mood', 'activities', 'eating', 'potty', 'staffComment'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];
export type ReportCardValues = Record<ReportField, string>;
export type ReportCardErrors = Partial<Record<ReportField | 'photos' | 'form', string>>;

export const REPORT_FIELD_MAX: Record<ReportField, number> = { mood: 100, activities: 1000, eating: 500, potty: 500, staffComment: 2000 };
export const REPORT_FIELD_LABEL: Record<ReportField, string> = {
  mood: 'Mood',
  activities: 'Activities',
  eating: 'Eating',
  potty: 'Potty',
  staffComment: 'Staff comment',
};

export const EMPTY_REPORT_CARD: ReportCardValues = { mood: '', activities: '', eating: '', potty: '', staffComment: '' };

/** The notes as typed (only strings; anything else is empty), for checking and for showing again. */
export function reportCardValues(form: Record<string, unknown>): ReportCardValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    mood: text(form.mood),
    activities: text(form.activities),
    eating: text(form.eating),
    potty: text(form.potty),
    staffComment: text(form.staffComment),
  };
}

/** Drops control characters other than the line break (tabs too) and zero-width characters. */
function stripInvisible(text: string): string {
  return [...text]
    .filter((ch) => {
      const code = ch.codePointAt(0)!;
      return code === 0x0a || !(code < 0x20 || code === 0x7f || (code >= 0x200b && code <= 0x200d) || code === 0xfeff);
    })
    .join('');
}

/** Trimmed notes, empty ones null; or every bad field's message at once. */
export type CheckedReportCard = { ok: true; card: Record<ReportField, string | null> } | { ok: false; errors: ReportCardErrors };

export function checkReportCard(values: ReportCardValues, photoCount: number): CheckedReportCard {
  const errors: ReportCardErrors = {};
  const card = {} as Record<ReportField, string | null>;
  for (const field of REPORT_FIELDS) {
    // Line breaks kept (the portal shows them); other control characters and zero-width spaces dropped.
    const cleaned = stripInvisible(values[field].replace(/\r\n?/g, '\n')).trim();
    if (cleaned.length > REPORT_FIELD_MAX[field]) errors[field] = `Keep it to ${REPORT_FIELD_MAX[field]} characters (it has ${cleaned.length}).`;
    card[field] = cleaned || null;
  }
  if (!errors.mood && REPORT_FIELDS.every((f) => card[f] === null) && photoCount === 0) {
    errors.mood = 'Write at least one note (mood, activities, eating, potty or a comment) or add a photo.';
  }
  if (photoCount > REPORT_PHOTOS_MAX) errors.photos = `A report card holds at most ${REPORT_PHOTOS_MAX} photos: remove some first.`;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, card };
}

/** True when the bytes are an HEIF/HEIC image (the iPhone's default): an ISO box "ftyp" with an HEIF brand. */
export function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  return ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif'].includes(ascii(8, 12));
}

export const HEIC_MESSAGE =
  'is an HEIC photo, which we cannot show: choose JPEG, PNG or WebP (on an iPhone: Settings › Camera › Formats › Most Compatible, or share the photo as JPEG).';

/**
 * One photo's type and pixel size, or the message for the photos field naming the file.
 * `bytes` is the whole upload — or nothing when `size` is over the limit (check the part's
 * length before reading it).
 */
export function checkReportPhoto(
  name: string,
  size: number,
  bytes: Uint8Array,
): { ok: true; type: PhotoType; width: number; height: number } | { ok: false; error: string } {
  const label = name ? `“${name}”` : 'A photo';
  if (size > REPORT_PHOTO_MAX_BYTES) {
    return {
      ok: false,
      error: `${label} is too large (${(size / 1024 / 1024).toFixed(1)} MB): each photo may be at most ${REPORT_PHOTO_MAX_BYTES / 1024 / 1024} MB.`,
    };
  }
  if (isHeic(bytes)) return { ok: false, error: `${label} ${HEIC_MESSAGE}` };
  if (!photoTypeOf(bytes)) return { ok: false, error: `${label} is not a JPEG, PNG or WebP image.` };
  const header = imageHeader(bytes);
  if (!header) return { ok: false, error: `${label} looks damaged: choose another one.` };
  if (header.width > MAX_PHOTO_SIDE || header.height > MAX_PHOTO_SIDE || header.width * header.height > MAX_PHOTO_PIXELS) {
    return {
      ok: false,
      error: `${label} has too many pixels (${header.width} × ${header.height}): at most ${MAX_PHOTO_SIDE.toLocaleString('en')} a side and ${MAX_PHOTO_PIXELS / 1_000_000} megapixels.`,
    };
  }
  return { ok: true, ...header };
}

/** What a correction changed, for the audit row: the fields' labels and the photos added and removed. */
export function correctionDetail(
  before: Record<ReportField, string | null>,
  after: Record<ReportField, string | null>,
  added: number,
  removed: number,
): string {
  const changed = REPORT_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((f) => REPORT_FIELD_LABEL[f].toLowerCase());
  if (added) changed.push(`${added} photo${added === 1 ? '' : 's'} added`);
  if (removed) changed.push(`${removed} photo${removed === 1 ? '' : 's'} removed`);
  return changed.length ? `Changed: ${changed.join(', ')}` : 'Saved with no changes';
}
