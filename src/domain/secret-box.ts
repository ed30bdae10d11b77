/**
 * Seals small secrets that must be read back (a staff member's TOTP secret) under a key
 * derived from the deployment's pepper: AES-256-GCM, key = HKDF-SHA-256(pepper, purpose).
 * A leaked database alone then does not give away anyone's second factor; a hash cannot be
 * used here because the server must compute the codes. Format: `v1.<iv b64url>.<ct b64url>`.
 */
import { bytesToBase64Url } from './ids';

async function keyFor(pepper: string, purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(pepper), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(`pawtal:${purpose}`) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

export async function seal(pepper: string, purpose: string, plain: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFor(pepper, purpose), new TextEncoder().encode(plain));
  return `v1.${bytesToBase64Url(iv)}.${bytesToBase64Url(new Uint8Array(sealed))}`;
}

/** The sealed text, or null when it was not sealed with this pepper and purpose (or is damaged). */
export async function open(pepper: string, purpose: string, sealed: string): Promise<string | null> {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv) }, await keyFor(pepper, purpose), fromBase64Url(body));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
