/**
 * Our WebAuthn checks (src/domain/webauthn.ts) against answers built with an independent CBOR
 * encoder (@simplewebauthn/server's, a dev dependency only) and WebCrypto keys: what is
 * accepted, and each check that must refuse.
 */
import { describe, expect, it } from 'vitest';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { decodeCbor, derToRaw, verifyAuthenticationResponse, verifyRegistrationResponse } from '../../src/domain/webauthn';
import { bytesToBase64Url } from '../../src/domain/ids';

const enc = new TextEncoder();
const RP = { rpID: 'pawtal.test', origin: 'https://pawtal.test' };
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const sha = async (b: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', b));
const b64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));

function rawToDer(raw: Uint8Array): Uint8Array {
  const int = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = bytes.slice(i);
    if (v[0]! & 0x80) v = cat(new Uint8Array([0]), v);
    return cat(new Uint8Array([0x02, v.length]), v);
  };
  const body = cat(int(raw.slice(0, 32)), int(raw.slice(32)));
  return cat(new Uint8Array([0x30, body.length]), body);
}

async function authenticator(flags = 0x45) {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey;
  const cose = isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, b64(jwk.x!)],
      [-3, b64(jwk.y!)],
    ]),
  );
  const credId = crypto.getRandomValues(new Uint8Array(16));
  const register = async (o: { challenge: string; origin?: string; rpID?: string; type?: string; id?: string; flags?: number }) => {
    const authData = cat(
      await sha(enc.encode(o.rpID ?? RP.rpID)),
      new Uint8Array([o.flags ?? flags]),
      new Uint8Array([0, 0, 0, 0]),
      new Uint8Array(16),
      new Uint8Array([0, credId.length]),
      credId,
      cose,
    );
    const clientData = enc.encode(JSON.stringify({ type: o.type ?? 'webauthn.create', challenge: o.challenge, origin: o.origin ?? RP.origin }));
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return {
      id: o.id ?? bytesToBase64Url(credId),
      response: { clientDataJSON: bytesToBase64Url(clientData), attestationObject: bytesToBase64Url(attestationObject) },
    };
  };
  const assert = async (o: { challenge: string; counter: number; origin?: string; flags?: number; tamper?: boolean }) => {
    const authData = cat(await sha(enc.encode(RP.rpID)), new Uint8Array([o.flags ?? 0x05]), new Uint8Array([0, 0, 0, o.counter]));
    const clientData = enc.encode(JSON.stringify({ type: 'webauthn.get', challenge: o.challenge, origin: o.origin ?? RP.origin }));
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, cat(authData, await sha(clientData))));
    if (o.tamper) raw[10] = raw[10]! ^ 1;
    return {
      response: { clientDataJSON: bytesToBase64Url(clientData), authenticatorData: bytesToBase64Url(authData), signature: bytesToBase64Url(rawToDer(raw)) },
    };
  };
  return { register, assert, cose };
}

const expected = (challenge: string) => ({ challenge, origin: RP.origin, rpID: RP.rpID });

describe('decodeCbor', () => {
  it('reads what an independent encoder writes, and says where it ended', () => {
    const value = new Map<unknown, unknown>([
      ['fmt', 'none'],
      [-3, new Uint8Array([1, 2, 3])],
      [1, [0, 23, 24, 255, 256, 65_536, -1, -25]],
      ['ok', true],
    ]);
    const bytes = cat(isoCBOR.encode(value as never), new Uint8Array([0xff]));
    const { value: read, end } = decodeCbor(bytes);
    expect(read).toEqual(value);
    expect(end).toBe(bytes.length - 1);
  });

  it('refuses a truncated item and tags', () => {
    expect(() => decodeCbor(new Uint8Array([0x5a, 0, 0, 0, 9, 1]))).toThrow(/ends early/);
    expect(() => decodeCbor(new Uint8Array([0xc1, 0x00]))).toThrow(/tags/);
  });
});

describe('derToRaw', () => {
  it('pads short integers and drops the sign byte', () => {
    const der = new Uint8Array([0x30, 0x08, 0x02, 0x02, 0x00, 0x81, 0x02, 0x02, 0x01, 0x02]);
    const raw = derToRaw(der, 4);
    expect([...raw]).toEqual([0, 0, 0, 0x81, 0, 0, 1, 2]);
  });
});

describe('registration and assertion', () => {
  it('accepts a passkey and then its signatures, each counter higher than the last', async () => {
    const a = await authenticator();
    const reg = await verifyRegistrationResponse(await a.register({ challenge: 'c1' }), expected('c1'));
    expect(reg.counter).toBe(0);
    expect(reg.publicKey).toEqual(a.cose);
    const first = await verifyAuthenticationResponse(await a.assert({ challenge: 'c2', counter: 1 }), expected('c2'), { publicKey: reg.publicKey, counter: 0 });
    expect(first.newCounter).toBe(1);
    await expect(
      verifyAuthenticationResponse(await a.assert({ challenge: 'c3', counter: 1 }), expected('c3'), { publicKey: reg.publicKey, counter: 1 }),
    ).rejects.toThrow(/counter/);
  });

  it.each([
    [{ origin: 'https://evil.test' }, /wrong origin/],
    [{ rpID: 'evil.test' }, /wrong RP ID/],
    [{ type: 'webauthn.get' }, /ceremony type/],
    [{ flags: 0x41 }, /not verified/],
    [{ flags: 0x44 }, /not present/],
    [{ id: 'AAAA' }, /id does not match/],
  ])('refuses a registration with %j', async (spoil, message) => {
    const a = await authenticator();
    await expect(verifyRegistrationResponse(await a.register({ challenge: 'c1', ...spoil }), expected('c1'))).rejects.toThrow(message);
  });

  it('refuses another challenge, a tampered signature, another key and an unverified user', async () => {
    const a = await authenticator();
    const other = await authenticator();
    const reg = await verifyRegistrationResponse(await a.register({ challenge: 'c1' }), expected('c1'));
    const stored = { publicKey: reg.publicKey, counter: 0 };
    await expect(verifyRegistrationResponse(await a.register({ challenge: 'old' }), expected('c1'))).rejects.toThrow(/challenge/);
    await expect(verifyAuthenticationResponse(await a.assert({ challenge: 'c2', counter: 1, tamper: true }), expected('c2'), stored)).rejects.toThrow(
      /signature/,
    );
    await expect(verifyAuthenticationResponse(await other.assert({ challenge: 'c2', counter: 1 }), expected('c2'), stored)).rejects.toThrow(/signature/);
    await expect(verifyAuthenticationResponse(await a.assert({ challenge: 'c2', counter: 1, flags: 0x01 }), expected('c2'), stored)).rejects.toThrow(
      /not verified/,
    );
    await expect(
      verifyAuthenticationResponse(await a.assert({ challenge: 'c2', counter: 1, origin: 'http://pawtal.test' }), expected('c2'), stored),
    ).rejects.toThrow(/origin/);
  });
});
