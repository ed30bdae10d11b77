/**
 * Passkeys (issue 15 item 2): the WebAuthn rules Pawtal keeps — the options a browser is given
 * and the checks of its answers (domain/webauthn.ts does the CBOR, COSE and signature work with
 * WebCrypto). No I/O: the caller stores the challenge and the credential.
 *
 * - Discoverable credentials only (resident key required), so a parent signs in without typing
 *   a phone number; user verification required, so a passkey is "something you have" and
 *   "something you are or know" at once — for staff, both factors.
 * - The relying party is the request's host and the origin its scheme + host: a response made
 *   for another site (or port) is refused.
 * - Challenges are random, server-side, single-use and valid for CHALLENGE_TTL_MS.
 */
import { t } from '../i18n';
import { bytesToBase64Url } from './ids';
import { SUPPORTED_ALGORITHMS, base64UrlToBytes, verifyAuthenticationResponse, verifyRegistrationResponse } from './webauthn';

/** What `navigator.credentials.create()` is given (WebAuthn's PublicKeyCredentialCreationOptionsJSON). */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { name: string; id: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { alg: number; type: 'public-key' }[];
  timeout: number;
  excludeCredentials: { id: string; type: 'public-key' }[];
  authenticatorSelection: { residentKey: 'required'; requireResidentKey: true; userVerification: 'required' };
  attestation: 'none';
  extensions: { credProps: true };
}

/** What `navigator.credentials.get()` is given (PublicKeyCredentialRequestOptionsJSON). */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: string;
  timeout: number;
  rpId: string;
  allowCredentials?: { id: string; type: 'public-key' }[];
  userVerification: 'required';
}

/** A browser's answer to create(), as `credential.toJSON()` gives it. */
export interface RegistrationResponseJSON {
  id: string;
  rawId?: string;
  type?: string;
  response: { clientDataJSON: string; attestationObject: string; transports?: string[] };
}

/** A browser's answer to get(). */
export interface AuthenticationResponseJSON {
  id: string;
  rawId?: string;
  type?: string;
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string };
}

/** How long a browser has between asking for a challenge and answering it. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** What the browser is told to wait for (the challenge lives a little longer). */
const CEREMONY_TIMEOUT_MS = 3 * 60 * 1000;
/** A response (JSON, base64url inside) is a few KB; anything bigger is not one. */
export const MAX_RESPONSE_CHARS = 12_000;
export const MAX_PASSKEY_NAME = 60;
const RP_NAME = 'Pawtal';

export interface RelyingParty {
  rpID: string;
  origin: string;
}

/** The relying party for a request: its host name and origin (`https://pawtal.app`). */
export function relyingPartyFor(requestUrl: string): RelyingParty {
  const url = new URL(requestUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The WebAuthn user handle of an account (parent or staff): its id's UTF-8 bytes. */
export function userHandleFor(ownerId: string): string {
  return bytesToBase64Url(new TextEncoder().encode(ownerId));
}

export function newChallenge(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export function registrationOptions(input: {
  rp: RelyingParty;
  challenge: string;
  ownerId: string;
  userName: string;
  displayName: string;
  existing: { credentialId: string }[];
}): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { name: RP_NAME, id: input.rp.rpID },
    user: { id: userHandleFor(input.ownerId), name: input.userName, displayName: input.displayName },
    challenge: input.challenge,
    // EdDSA, ES256, RS256: what platform authenticators and security keys offer.
    pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ alg, type: 'public-key' as const })),
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: input.existing.map((p) => ({ id: p.credentialId, type: 'public-key' as const })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    attestation: 'none',
    extensions: { credProps: true },
  };
}

export function authenticationOptions(input: {
  rp: RelyingParty;
  challenge: string;
  allow?: { credentialId: string }[];
}): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: input.challenge,
    timeout: CEREMONY_TIMEOUT_MS,
    rpId: input.rp.rpID,
    ...(input.allow ? { allowCredentials: input.allow.map((p) => ({ id: p.credentialId, type: 'public-key' as const })) } : {}),
    userVerification: 'required',
  };
}

/** The parts of a browser's answer we read before verifying it. */
export interface ParsedResponse<T> {
  json: T;
  credentialId: string;
  /** The challenge the browser says it signed (from clientDataJSON): the key to look it up by. */
  challenge: string;
  /** The user handle of an assertion (discoverable credentials always send it), else null. */
  userHandle: string | null;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodeBase64UrlText(value: string): string {
  return new TextDecoder().decode(base64UrlToBytes(value));
}

/**
 * Reads a posted WebAuthn response (the JSON the page's script puts in the form), or null when
 * it is not one: too long, not JSON, or missing the id, clientDataJSON or its challenge.
 */
export function parseResponse<T extends RegistrationResponseJSON | AuthenticationResponseJSON>(raw: unknown): ParsedResponse<T> | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RESPONSE_CHARS) return null;
  try {
    const json = JSON.parse(raw) as T;
    const id = json?.id;
    const clientData = json?.response?.clientDataJSON;
    if (typeof id !== 'string' || !B64URL.test(id) || typeof clientData !== 'string' || !B64URL.test(clientData)) return null;
    const challenge = (JSON.parse(decodeBase64UrlText(clientData)) as { challenge?: unknown }).challenge;
    if (typeof challenge !== 'string' || !B64URL.test(challenge) || challenge.length > 128) return null;
    const handle = (json.response as { userHandle?: unknown }).userHandle;
    return { json, credentialId: id, challenge, userHandle: typeof handle === 'string' ? handle : null };
  } catch {
    return null;
  }
}

export interface NewCredential {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** Checks a registration against the challenge issued and this relying party; the credential to store, or null. */
export async function verifyRegistration(response: RegistrationResponseJSON, challenge: string, rp: RelyingParty): Promise<NewCredential | null> {
  try {
    const credential = await verifyRegistrationResponse(response, { challenge, origin: rp.origin, rpID: rp.rpID });
    return {
      credentialId: credential.credentialId,
      publicKey: bytesToBase64Url(credential.publicKey),
      counter: credential.counter,
      transports: (response.response.transports ?? []).filter((t) => typeof t === 'string').slice(0, 8),
    };
  } catch {
    return null;
  }
}

export interface StoredCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
}

/**
 * Checks an assertion made with `stored` against the challenge issued and this relying party,
 * user verification included. Returns the new signature counter, or null when it does not hold
 * (a bad signature, another site, a counter that went backwards — a cloned key).
 */
export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  challenge: string,
  rp: RelyingParty,
  stored: StoredCredential,
): Promise<{ newCounter: number } | null> {
  try {
    return await verifyAuthenticationResponse(
      response,
      { challenge, origin: rp.origin, rpID: rp.rpID },
      {
        publicKey: base64UrlToBytes(stored.publicKey),
        counter: stored.signCount,
      },
    );
  } catch {
    return null;
  }
}

/** A passkey's name as typed, trimmed, or a default from the browser's user agent. */
export function passkeyName(typed: unknown, userAgent: string | undefined): string {
  const name = typeof typed === 'string' ? typed.trim().replace(/\s+/g, ' ').slice(0, MAX_PASSKEY_NAME) : '';
  if (name) return name;
  const ua = userAgent ?? '';
  const device = /iPhone|iPad/.test(ua)
    ? t('passkeys.device.apple')
    : /Android/.test(ua)
      ? t('passkeys.device.android')
      : /Mac OS X/.test(ua)
        ? t('passkeys.device.mac')
        : /Windows/.test(ua)
          ? t('passkeys.device.windows')
          : /Linux|CrOS/.test(ua)
            ? t('passkeys.device.computer')
            : t('passkeys.device.other');
  return t('passkeys.defaultName', { device });
}

/** Said when one network asked for too many passkey prompts in an hour (MAX_PASSKEY_CHALLENGES_PER_IP_PER_HOUR). */
export function passkeyLimitWords(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return t('passkeys.error.tooMany', { minutes });
}

/**
 * What a refused passkey says, in the request's language (getters: looked up when read, never
 * at module load; English outside a parent's request, so the console stays English).
 */
export const PASSKEY_MESSAGES = {
  get failed() {
    return t('passkeys.error.failed');
  },
  get unknown() {
    return t('passkeys.error.unknown');
  },
  get expired() {
    return t('passkeys.error.expired');
  },
  get registerFailed() {
    return t('passkeys.error.registerFailed');
  },
  get duplicate() {
    return t('passkeys.error.duplicate');
  },
  get confirmFirst() {
    return t('passkeys.error.confirmFirst');
  },
};
