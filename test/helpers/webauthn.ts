/**
 * A software passkey for route tests: an ES256 key pair made with WebCrypto, answering the
 * server's WebAuthn options the way a platform authenticator does — attestation "none" at
 * registration, a signed assertion at sign-in (authenticatorData ‖ SHA-256(clientDataJSON),
 * DER-encoded ECDSA), with the user handle of a discoverable credential. Each answer can be
 * spoiled on purpose (another origin, another RP ID, no user verification, another user handle).
 */
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '../../src/domain/passkeys';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { bytesToBase64Url } from '../../src/domain/ids';

const enc = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** WebCrypto's ECDSA signature is r ‖ s (64 bytes); WebAuthn wants ASN.1 DER. */
function rawToDer(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const int = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = bytes.slice(i);
    if (v[0]! & 0x80) v = concat(new Uint8Array([0]), v);
    return concat(new Uint8Array([0x02, v.length]), v);
  };
  const body = concat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

function counterBytes(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export interface Spoil {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  /** For an assertion: a user handle other than the one registered. */
  userHandle?: string;
  /** Sign a challenge other than the one in the options (e.g. an old one). */
  challenge?: string;
}

export class SoftPasskey {
  private signCount = 0;
  userHandle: string | null = null;

  private constructor(
    private readonly keys: CryptoKeyPair,
    readonly credentialId: string,
    readonly origin: string,
  ) {}

  static async create(origin: string): Promise<SoftPasskey> {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    return new SoftPasskey(keys, bytesToBase64Url(crypto.getRandomValues(new Uint8Array(16))), origin);
  }

  private rpIdOf(spoil: Spoil, fallback: string): string {
    return spoil.rpId ?? fallback;
  }

  /** The browser's answer to `navigator.credentials.create(options)`, as JSON for the form. */
  async register(options: PublicKeyCredentialCreationOptionsJSON, spoil: Spoil = {}): Promise<string> {
    this.userHandle = options.user.id;
    const clientDataJSON = enc.encode(
      JSON.stringify({ type: 'webauthn.create', challenge: spoil.challenge ?? options.challenge, origin: spoil.origin ?? this.origin, crossOrigin: false }),
    );
    const jwk = (await crypto.subtle.exportKey('jwk', this.keys.publicKey)) as JsonWebKey;
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, fromBase64Url(jwk.x!)],
        [-3, fromBase64Url(jwk.y!)],
      ]),
    );
    const credId = fromBase64Url(this.credentialId);
    const flags = UP | AT | (spoil.userVerified === false ? 0 : UV);
    const authData = concat(
      await sha256(new Uint8Array(enc.encode(this.rpIdOf(spoil, options.rp.id ?? '')))),
      new Uint8Array([flags]),
      counterBytes(this.signCount),
      new Uint8Array(16),
      new Uint8Array([credId.length >> 8, credId.length & 255]),
      credId,
      cose,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return JSON.stringify({
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: { clientDataJSON: bytesToBase64Url(clientDataJSON), attestationObject: bytesToBase64Url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }

  /** The browser's answer to `navigator.credentials.get(options)`, as JSON for the form. */
  async assert(options: PublicKeyCredentialRequestOptionsJSON, spoil: Spoil = {}): Promise<string> {
    this.signCount += 1;
    const clientDataJSON = new Uint8Array(
      enc.encode(
        JSON.stringify({ type: 'webauthn.get', challenge: spoil.challenge ?? options.challenge, origin: spoil.origin ?? this.origin, crossOrigin: false }),
      ),
    );
    const flags = UP | (spoil.userVerified === false ? 0 : UV);
    const authData = concat(
      await sha256(new Uint8Array(enc.encode(this.rpIdOf(spoil, options.rpId ?? '')))),
      new Uint8Array([flags]),
      counterBytes(this.signCount),
    );
    const signed = concat(authData, await sha256(clientDataJSON));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.keys.privateKey, signed));
    return JSON.stringify({
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: bytesToBase64Url(clientDataJSON),
        authenticatorData: bytesToBase64Url(authData),
        signature: bytesToBase64Url(rawToDer(raw)),
        userHandle: spoil.userHandle ?? this.userHandle ?? undefined,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
  }
}
