/**
 * Agreement signing rules (SPEC §9), pure: reading the sign form, and checking a drawn
 * signature before it is stored — a PNG (magic bytes), small (≤ 200 KB), dimensions from its
 * IHDR chunk within limits, and not blank (its pixel data, inflated row by row, is not all
 * zero: the signature pad draws on a transparent canvas, so an untouched pad is all zero).
 */
import { t } from '../i18n';
import { lineProblem, NAME_MESSAGES } from './name-text';

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const SIGNATURE_MIN_WIDTH = 50;
export const SIGNATURE_MAX_WIDTH = 2000;
export const SIGNATURE_MIN_HEIGHT = 20;
export const SIGNATURE_MAX_HEIGHT = 1000;
export const MAX_SIGNER_NAME = 100;

const DATA_URL_PREFIX = 'data:image/png;base64,';
/** Base64 of MAX_SIGNATURE_BYTES, with room for padding. */
const MAX_DATA_URL_CHARS = DATA_URL_PREFIX.length + Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4 + 4;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The sign form's refusals in the reader's language: getters, read when a message is shown (never at import). */
export const SIGN_MESSAGES = {
  get consent() {
    return t('agreements.error.consent');
  },
  get empty() {
    return t('agreements.error.empty');
  },
  get notPng() {
    return t('agreements.error.notPng');
  },
  get tooLarge() {
    return t('agreements.error.tooLarge');
  },
  get dimensions() {
    return t('agreements.error.dimensions');
  },
  get blank() {
    return t('agreements.error.blank');
  },
  get nameTooLong() {
    return t('agreements.error.nameTooLong', { max: String(MAX_SIGNER_NAME) });
  },
  /** Without JavaScript there is no pad: only typing is asked for. */
  get emptyTyped() {
    return t('agreements.error.emptyTyped');
  },
  get changed() {
    return t('agreements.error.changed');
  },
  get alreadySigned() {
    return t('agreements.error.alreadySigned');
  },
};

export type PngCheck = { ok: true; width: number; height: number } | { ok: false; error: string };

function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function chunkType(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * True when the image data has a non-zero sample. Inflates the IDAT stream and looks past
 * each row's filter byte; stops at the first non-zero sample. Interlaced images are not
 * examined (treated as not blank): our pad never makes them.
 */
async function hasInk(bytes: Uint8Array, width: number, bitDepth: number, colorType: number, interlace: number): Promise<boolean> {
  if (interlace !== 0) return true;
  const idat: Uint8Array[] = [];
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = readU32(bytes, at);
    const type = chunkType(bytes, at + 4);
    if (at + 12 + length > bytes.length) break;
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (idat.length === 0) return false;
  const stride = Math.ceil((width * (CHANNELS[colorType] ?? 4) * bitDepth) / 8) + 1;
  const stream = new Blob(idat.map((chunk) => chunk.slice())).stream().pipeThrough(new DecompressionStream('deflate'));
  const reader = stream.getReader();
  let offset = 0; // position in the inflated data
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      for (let i = 0; i < value.length; i++) {
        if ((offset + i) % stride !== 0 && value[i] !== 0) return true;
      }
      offset += value.length;
    }
  } catch {
    // Corrupt compressed data: not an image we can show.
    return false;
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Checks a drawn signature's bytes: PNG, size, IHDR dimensions, not blank. */
export async function checkSignaturePng(bytes: Uint8Array): Promise<PngCheck> {
  if (bytes.length > MAX_SIGNATURE_BYTES) return { ok: false, error: SIGN_MESSAGES.tooLarge };
  if (bytes.length < 8 + 25 || PNG_MAGIC.some((m, i) => bytes[i] !== m)) return { ok: false, error: SIGN_MESSAGES.notPng };
  // The first chunk must be IHDR, 13 bytes long.
  if (readU32(bytes, 8) !== 13 || chunkType(bytes, 12) !== 'IHDR') return { ok: false, error: SIGN_MESSAGES.notPng };
  const width = readU32(bytes, 16);
  const height = readU32(bytes, 20);
  const bitDepth = bytes[24]!;
  const colorType = bytes[25]!;
  const interlace = bytes[28]!;
  if (!(colorType in CHANNELS) || ![1, 2, 4, 8, 16].includes(bitDepth)) return { ok: false, error: SIGN_MESSAGES.notPng };
  if (width < SIGNATURE_MIN_WIDTH || width > SIGNATURE_MAX_WIDTH || height < SIGNATURE_MIN_HEIGHT || height > SIGNATURE_MAX_HEIGHT) {
    return { ok: false, error: SIGN_MESSAGES.dimensions };
  }
  if (!(await hasInk(bytes, width, bitDepth, colorType, interlace))) return { ok: false, error: SIGN_MESSAGES.blank };
  return { ok: true, width, height };
}

/**
 * The bytes of a `data:image/png;base64,…` URL as the pad writes it, or an error: another
 * type is "not a PNG", an overlong one "too large" (judged before decoding).
 */
export function decodeSignatureDataUrl(value: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (!value.startsWith(DATA_URL_PREFIX)) return { ok: false, error: SIGN_MESSAGES.notPng };
  if (value.length > MAX_DATA_URL_CHARS) return { ok: false, error: SIGN_MESSAGES.tooLarge };
  const b64 = value.slice(DATA_URL_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return { ok: false, error: SIGN_MESSAGES.notPng };
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return { ok: false, error: SIGN_MESSAGES.notPng };
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { ok: true, bytes };
}

export interface SignFormValues {
  versionId: string;
  textSha256: string;
  consent: boolean;
  /** The pad's PNG data URL ('' when nothing was drawn or JS is off). */
  drawn: string;
  typedName: string;
  /** The page's script showed the pad (it sets the hidden `pad` field): words may mention drawing. */
  padShown: boolean;
}

export type SignFormErrors = Partial<Record<'consent' | 'signature', string>>;

/** Reads the posted sign form (missing fields are empty). */
export function signFormValues(form: Record<string, unknown>): SignFormValues {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  return {
    versionId: text('versionId'),
    textSha256: text('textSha256'),
    consent: text('consent') === 'yes',
    drawn: text('drawn').trim(),
    typedName: text('typedName').replace(/\s+/g, ' ').trim(),
    padShown: text('pad') === '1',
  };
}

/** A name as compared: no accents, no case, no spacing ("José  María" = "jose maria" = "JoseMaria"). */
function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, '').toLowerCase();
}

/** Whether a typed signature is the signer's full name as on file (case, accents and spacing aside). */
export function isFullName(typed: string, nameOnFile: string): boolean {
  return foldName(typed) !== '' && foldName(typed) === foldName(nameOnFile);
}

/** The words next to the typed field when it is not the full name on file. */
export function notFullNameMessage(nameOnFile: string): string {
  return t('agreements.error.notFullName', { name: nameOnFile });
}

export type CheckedSignature =
  | { ok: true; method: 'drawn'; png: Uint8Array; signerName: string }
  | { ok: true; method: 'typed'; png: null; signerName: string }
  | { ok: false; errors: SignFormErrors };

/**
 * The signature to store, or the fields' messages. A drawn signature wins when both are
 * given; its signer name is the typed name when there is one, else the client's name.
 */
export async function checkSignForm(v: SignFormValues, clientName: string): Promise<CheckedSignature> {
  const errors: SignFormErrors = {};
  if (!v.consent) errors.consent = SIGN_MESSAGES.consent;
  let png: Uint8Array | null = null;
  const nameProblem = lineProblem(v.typedName, { name: true });
  if (v.typedName.length > MAX_SIGNER_NAME) errors.signature = SIGN_MESSAGES.nameTooLong;
  else if (nameProblem) errors.signature = NAME_MESSAGES[nameProblem];
  else if (v.drawn) {
    const decoded = decodeSignatureDataUrl(v.drawn);
    const checked = decoded.ok ? await checkSignaturePng(decoded.bytes) : decoded;
    if (!checked.ok) errors.signature = checked.error;
    else if (decoded.ok) png = decoded.bytes;
  } else if (!v.typedName) errors.signature = v.padShown ? SIGN_MESSAGES.empty : SIGN_MESSAGES.emptyTyped;
  // A typed signature is the full name on file ("J" signs nothing); with a drawing, the typed name only labels it.
  else if (!isFullName(v.typedName, clientName)) errors.signature = notFullNameMessage(clientName);
  if (errors.consent || errors.signature) return { ok: false, errors };
  if (png) return { ok: true, method: 'drawn', png, signerName: v.typedName || clientName };
  return { ok: true, method: 'typed', png: null, signerName: v.typedName };
}
