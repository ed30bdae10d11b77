/**
 * Passkeys (issue 15 item 2): the WebAuthn rules Pawtal keeps, on top of @simplewebauthn/server
 * (which does the CBOR, COSE and signature work with WebCrypto). No I/O: the caller stores the
 * challenge and the credential.
 *
 * - Discoverable credentials only (resident key required), so a parent signs in without typing
 *   a phone number; user verification required, so a passkey is "something you have" and
 *   "something you are or know" at once — for staff, both factors.
 * - The relying party is the request's host and the origin its scheme + host: a response made
 *   for another site (or port) is refused.
 * - Challenges are random, server-side, single-use and valid for CHALLENGE_TTL_MS.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { bytesToBase64Url } from './ids';

/** How long a browser has between asking for a challenge and answering it. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** What the browser is told to wait for (the challenge lives a little longer). */
const CEREMONY_TIMEOUT_MS = 3 * 60 * 1000;
/** A response (JSON, base64url inside) is a few KB; anything bigger is not one. */
export const MAX_RESPONSE_CHARS = 12_000;
export const MAX_PASSKEY_NAME = 60;
/** ES256 and RS256 (and EdDSA): what platform authenticators and security keys offer. */
const ALGORITHMS = [-8, -7, -257];
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
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: input.rp.rpID,
    userName: input.userName,
    userDisplayName: input.displayName,
    userID: new Uint8Array(new TextEncoder().encode(input.ownerId)),
    // As bytes: a string would be taken as UTF-8 text and encoded again.
    challenge: base64UrlToBytes(input.challenge),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: input.existing.map((p) => ({ id: p.credentialId })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export function authenticationOptions(input: {
  rp: RelyingParty;
  challenge: string;
  allow?: { credentialId: string }[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: input.rp.rpID,
    challenge: base64UrlToBytes(input.challenge),
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: input.allow?.map((p) => ({ id: p.credentialId })),
  });
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

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

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
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: bytesToBase64Url(credential.publicKey),
      counter: credential.counter,
      transports: response.response.transports ?? [],
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
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: { id: stored.credentialId, publicKey: base64UrlToBytes(stored.publicKey), counter: stored.signCount },
    });
    return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null;
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
    ? 'iPhone or iPad'
    : /Android/.test(ua)
      ? 'Android phone'
      : /Mac OS X/.test(ua)
        ? 'Mac'
        : /Windows/.test(ua)
          ? 'Windows computer'
          : /Linux|CrOS/.test(ua)
            ? 'Computer'
            : 'Device';
  return `Passkey on ${device}`;
}

export const PASSKEY_MESSAGES = {
  failed: 'That passkey did not work. Try again, or sign in with a text message code.',
  unknown: 'We don’t know that passkey. It may have been removed. Sign in with a text message code instead.',
  expired: 'That took too long, or the page was used already. Try again.',
  registerFailed: 'Your passkey was not saved. Try again.',
  duplicate: 'This passkey is saved already.',
  confirmFirst: 'For your security, confirm it’s you with a code before adding a passkey.',
} as const;
