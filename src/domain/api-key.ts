/**
 * Integration API keys (issue: console part 1, item 6): what a key looks like, how it is
 * stored (SHA-256 only; the key is shown once), and the rules for its name. Pure rules.
 */
import { randomToken, sha256Hex } from './ids';

/** Every key starts with this, so the guard can tell a key from the legacy STAFF_API_TOKEN. */
export const API_KEY_PREFIX = 'pwk_';
/** Characters of the key kept (and shown) to tell keys apart: `pwk_` and 8 more. */
export const API_KEY_SHOWN_PREFIX = 12;
export const MAX_KEY_NAME = 60;

const KEY_PATTERN = /^pwk_[A-Za-z0-9_-]{43}$/;

/** A new key (256 random bits) and the prefix kept of it. */
export function newApiKey(): { key: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  return { key, prefix: key.slice(0, API_KEY_SHOWN_PREFIX) };
}

export function looksLikeApiKey(s: string): boolean {
  return KEY_PATTERN.test(s);
}

/** What is stored of a key. */
export function apiKeyHash(key: string): Promise<string> {
  return sha256Hex(key);
}

export type KeyNameCheck = { ok: true; name: string } | { ok: false; message: string };

export function checkKeyName(raw: unknown): KeyNameCheck {
  const name = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (!name) return { ok: false, message: 'Give the key a name, such as the tool that will use it.' };
  if (name.length > MAX_KEY_NAME) return { ok: false, message: `Keep the name to ${MAX_KEY_NAME} characters or fewer.` };
  return { ok: true, name };
}
