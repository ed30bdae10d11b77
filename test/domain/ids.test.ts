import { describe, expect, it } from 'vitest';
import { bytesToBase32, bytesToBase64Url, newId, randomToken, sha256Hex } from '../../src/domain/ids';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('newId', () => {
  it('is the prefix, an underscore and 26 lower-case base32 characters (128 bits)', () => {
    expect(newId('apt')).toMatch(/^apt_[a-z2-7]{26}$/);
  });

  it('never repeats across many calls', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newId('pet')));
    expect(ids.size).toBe(2000);
  });

  it.each(['', 'Apt', 'apt_x', '1pet', 'a-b', 'averyveryverylongprefix'])('refuses the prefix %j', (prefix) => {
    expect(() => newId(prefix)).toThrow(RangeError);
  });
});

describe('randomToken', () => {
  it('is 32 random bytes as unpadded base64url by default (43 characters)', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('takes the number of bytes (16 bytes → 22 characters)', () => {
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('allows short non-secret labels (4 bytes → 6 characters)', () => {
    expect(randomToken(4)).toMatch(/^[A-Za-z0-9_-]{6}$/);
  });

  it('refuses a byte count that is not a positive integer', () => {
    expect(() => randomToken(0)).toThrow(RangeError);
    expect(() => randomToken(16.5)).toThrow(RangeError);
  });

  it('never repeats across many calls', () => {
    expect(new Set(Array.from({ length: 2000 }, () => randomToken())).size).toBe(2000);
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the UTF-8 bytes of non-ASCII text', async () => {
    // SHA-256 of the two bytes c3 a9 ("é" in UTF-8), checked with sha256sum.
    expect(await sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(await sha256Hex('é')).not.toBe(await sha256Hex('e'));
  });
});

describe('bytesToBase32', () => {
  it.each([
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ])('encodes %j as %j (RFC 4648 vectors, lower case, no padding)', (input, expected) => {
    expect(bytesToBase32(bytes(input))).toBe(expected);
  });
});

describe('bytesToBase64Url', () => {
  it('uses - and _ and drops padding', () => {
    expect(bytesToBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(bytesToBase64Url(bytes('foobar'))).toBe('Zm9vYmFy');
  });
});
