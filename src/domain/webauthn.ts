/**
 * The WebAuthn checks a relying party must make (W3C WebAuthn Level 3, §7.1 registration and
 * §7.2 authentication), for what Pawtal accepts: attestation "none" (we never trust an
 * authenticator's make, so no attestation statement is verified — decision 0026), discoverable
 * credentials with user verification, and ES256, RS256 or EdDSA keys. Signatures are checked
 * with WebCrypto; CBOR is read by the small decoder below, which knows only what an
 * attestation object and a COSE key use (unsigned and negative integers, byte and text
 * strings, arrays, maps, true/false/null). Pure apart from WebCrypto; no I/O.
 *
 * Written here instead of taking @simplewebauthn/server into the Worker: that library brings
 * the certificate machinery for every attestation format (+94 KiB gzip measured), none of which
 * this relying party uses. Its encoder still builds the test authenticator's answers
 * (test/helpers/webauthn.ts), so these checks are tested against an independent implementation.
 */

// ---- CBOR (RFC 8949), the subset WebAuthn uses ----

export type Cbor = number | string | boolean | null | Uint8Array | Cbor[] | Map<Cbor, Cbor>;

class CborError extends Error {}

/** Decodes one CBOR item at `offset`; returns it and the offset after it (authData's key is followed by extensions). */
export function decodeCbor(bytes: Uint8Array, offset = 0, depth = 0): { value: Cbor; end: number } {
  if (depth > 16) throw new CborError('CBOR nested too deep');
  const byte = bytes[offset];
  if (byte === undefined) throw new CborError('CBOR ends early');
  const major = byte >> 5;
  const info = byte & 31;
  let at = offset + 1;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new CborError('CBOR ends early');
  };
  let length: number;
  if (info < 24) length = info;
  else if (info === 24) {
    need(1);
    length = bytes[at]!;
    at += 1;
  } else if (info === 25) {
    need(2);
    length = (bytes[at]! << 8) | bytes[at + 1]!;
    at += 2;
  } else if (info === 26) {
    need(4);
    length = ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
    at += 4;
  } else throw new CborError('CBOR item not supported');
  switch (major) {
    case 0:
      return { value: length, end: at };
    case 1:
      return { value: -1 - length, end: at };
    case 2:
      need(length);
      return { value: bytes.slice(at, at + length), end: at + length };
    case 3:
      need(length);
      return { value: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(at, at + length)), end: at + length };
    case 4: {
      const items: Cbor[] = [];
      for (let i = 0; i < length; i++) {
        const item = decodeCbor(bytes, at, depth + 1);
        items.push(item.value);
        at = item.end;
      }
      return { value: items, end: at };
    }
    case 5: {
      const map = new Map<Cbor, Cbor>();
      for (let i = 0; i < length; i++) {
        const key = decodeCbor(bytes, at, depth + 1);
        const value = decodeCbor(bytes, key.end, depth + 1);
        map.set(key.value, value.value);
        at = value.end;
      }
      return { value: map, end: at };
    }
    case 7:
      if (info === 20) return { value: false, end: at };
      if (info === 21) return { value: true, end: at };
      if (info === 22) return { value: null, end: at };
      throw new CborError('CBOR simple value not supported');
    default:
      throw new CborError('CBOR tags are not supported');
  }
}

// ---- Bytes ----

export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// ---- Client data and authenticator data ----

export interface Expected {
  challenge: string;
  origin: string;
  rpID: string;
}

/** §7.1 steps 7–12 / §7.2 steps 11–15: the type, the challenge issued and our own origin, not framed by another site. */
function checkClientData(clientDataJSON: Uint8Array, type: 'webauthn.create' | 'webauthn.get', expected: Expected): void {
  const data = JSON.parse(new TextDecoder().decode(clientDataJSON)) as { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };
  if (data.type !== type) throw new Error('wrong ceremony type');
  if (data.challenge !== expected.challenge) throw new Error('wrong challenge');
  if (data.origin !== expected.origin) throw new Error('wrong origin');
  if (data.crossOrigin === true) throw new Error('made in a cross-origin frame');
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

interface AuthenticatorData {
  signCount: number;
  credentialId: Uint8Array | null;
  /** The COSE key's bytes, as stored. */
  publicKey: Uint8Array | null;
}

/** §6.1: our RP ID's hash, the user present and verified, the counter, and (registration) the new credential. */
async function readAuthenticatorData(authData: Uint8Array<ArrayBuffer>, rpID: string, attested: boolean): Promise<AuthenticatorData> {
  if (authData.length < 37) throw new Error('authenticator data too short');
  if (!equalBytes(authData.subarray(0, 32), await sha256(new TextEncoder().encode(rpID) as Uint8Array<ArrayBuffer>))) throw new Error('wrong RP ID');
  const flags = authData[32]!;
  if (!(flags & FLAG_UP)) throw new Error('user not present');
  if (!(flags & FLAG_UV)) throw new Error('user not verified');
  const signCount = ((authData[33]! << 24) >>> 0) + (authData[34]! << 16) + (authData[35]! << 8) + authData[36]!;
  if (!attested) return { signCount, credentialId: null, publicKey: null };
  if (!(flags & FLAG_AT) || authData.length < 55) throw new Error('no attested credential');
  const idLength = (authData[53]! << 8) | authData[54]!;
  const keyStart = 55 + idLength;
  if (idLength === 0 || idLength > 1023 || keyStart >= authData.length) throw new Error('bad credential id');
  const key = decodeCbor(authData, keyStart);
  return { signCount, credentialId: authData.slice(55, keyStart), publicKey: authData.slice(keyStart, key.end) };
}

// ---- COSE keys (RFC 9053) and signatures ----

const ALG_ES256 = -7;
const ALG_EDDSA = -8;
const ALG_RS256 = -257;
export const SUPPORTED_ALGORITHMS = [ALG_EDDSA, ALG_ES256, ALG_RS256] as const;

function bytesOf(map: Map<Cbor, Cbor>, label: number): Uint8Array {
  const v = map.get(label);
  if (!(v instanceof Uint8Array)) throw new Error(`COSE key lacks ${label}`);
  return v;
}

/** The COSE key as a WebCrypto key and the algorithm to verify with. */
async function importCoseKey(cose: Uint8Array): Promise<{ key: CryptoKey; alg: number }> {
  const { value } = decodeCbor(cose);
  if (!(value instanceof Map)) throw new Error('COSE key is not a map');
  const kty = value.get(1);
  const alg = value.get(3);
  if (kty === 2 && alg === ALG_ES256 && value.get(-1) === 1) {
    const jwk = { kty: 'EC', crv: 'P-256', x: toBase64Url(bytesOf(value, -2)), y: toBase64Url(bytesOf(value, -3)) };
    return { key: await crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']), alg };
  }
  if (kty === 3 && alg === ALG_RS256) {
    const jwk = { kty: 'RSA', n: toBase64Url(bytesOf(value, -1)), e: toBase64Url(bytesOf(value, -2)) };
    return { key: await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']), alg };
  }
  if (kty === 1 && alg === ALG_EDDSA && value.get(-1) === 6) {
    return { key: await crypto.subtle.importKey('raw', bytesOf(value, -2) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']), alg };
  }
  throw new Error('key type or algorithm not supported');
}

/** An ECDSA signature as WebAuthn sends it (ASN.1 DER SEQUENCE of two INTEGERs) to WebCrypto's r ‖ s. */
export function derToRaw(der: Uint8Array, size = 32): Uint8Array<ArrayBuffer> {
  if (der[0] !== 0x30) throw new Error('not a DER signature');
  let at = 2;
  if (der[1]! & 0x80) at = 2 + (der[1]! & 0x7f);
  const out = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[at] !== 0x02) throw new Error('not a DER integer');
    const length = der[at + 1]!;
    let int = der.subarray(at + 2, at + 2 + length);
    while (int.length > size && int[0] === 0) int = int.subarray(1);
    if (int.length > size) throw new Error('DER integer too long');
    out.set(int, part * size + (size - int.length));
    at += 2 + length;
  }
  return out;
}

async function verifySignature(cose: Uint8Array, signature: Uint8Array, signed: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const { key, alg } = await importCoseKey(cose);
  if (alg === ALG_ES256) return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(signature), signed);
  if (alg === ALG_RS256) return crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature as Uint8Array<ArrayBuffer>, signed);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, signed);
}

// ---- The two ceremonies ----

export interface Registered {
  /** base64url */
  credentialId: string;
  /** The COSE public key's bytes. */
  publicKey: Uint8Array;
  counter: number;
}

/**
 * §7.1: a new credential from `navigator.credentials.create()`'s answer, or a thrown Error
 * saying which check failed. The attestation statement is not verified (attestation "none").
 */
export async function verifyRegistrationResponse(
  response: { id: string; response: { clientDataJSON: string; attestationObject: string } },
  expected: Expected,
): Promise<Registered> {
  checkClientData(base64UrlToBytes(response.response.clientDataJSON), 'webauthn.create', expected);
  const { value } = decodeCbor(base64UrlToBytes(response.response.attestationObject));
  if (!(value instanceof Map)) throw new Error('attestation object is not a map');
  const authData = value.get('authData');
  if (!(authData instanceof Uint8Array) || typeof value.get('fmt') !== 'string') throw new Error('attestation object lacks authData or fmt');
  const data = await readAuthenticatorData(authData as Uint8Array<ArrayBuffer>, expected.rpID, true);
  const credentialId = toBase64Url(data.credentialId!);
  if (credentialId !== response.id) throw new Error('credential id does not match');
  // Imported once now, so a key we could never verify with is refused at registration.
  await importCoseKey(data.publicKey!);
  return { credentialId, publicKey: data.publicKey!, counter: data.signCount };
}

/**
 * §7.2: an assertion from `navigator.credentials.get()` made with the stored key; returns the
 * new signature counter, or throws. A counter that did not go up (when either is non-zero) is
 * refused: the key may have been cloned.
 */
export async function verifyAuthenticationResponse(
  response: { response: { clientDataJSON: string; authenticatorData: string; signature: string } },
  expected: Expected,
  stored: { publicKey: Uint8Array; counter: number },
): Promise<{ newCounter: number }> {
  const clientDataJSON = base64UrlToBytes(response.response.clientDataJSON);
  checkClientData(clientDataJSON, 'webauthn.get', expected);
  const authData = base64UrlToBytes(response.response.authenticatorData);
  const data = await readAuthenticatorData(authData, expected.rpID, false);
  const signed = new Uint8Array(authData.length + 32);
  signed.set(authData);
  signed.set(await sha256(clientDataJSON), authData.length);
  if (!(await verifySignature(stored.publicKey, base64UrlToBytes(response.response.signature), signed))) throw new Error('bad signature');
  if ((data.signCount > 0 || stored.counter > 0) && data.signCount <= stored.counter) throw new Error('counter did not increase');
  return { newCounter: data.signCount };
}
