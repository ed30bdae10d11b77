/**
 * Password hashing and the new-password rules (SPEC §3.3, decision 0008), inside workerd.
 * A hash at today's cost takes ~70 ms here, so the tests use few of them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  COMMON_PASSWORD_COUNT,
  COMMON_PASSWORDS_PATH,
  COMMON_PASSWORDS_SHA256,
  commonPasswordList,
  loadCommonPasswords,
} from '../../src/domain/common-passwords';
import {
  checkNewPassword as checkNewPasswordWith,
  hashPassword,
  MAX_ITERATIONS_PER_CALL,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  PASSWORD_ITERATIONS,
  PasswordHashFormatError,
  verifyPassword,
} from '../../src/domain/password';

const PASSWORD = 'correct horse battery staple';

/** The list as the Worker gets it from its static assets (decision 0019). */
const LIST_TEXT = readFileSync(`static${COMMON_PASSWORDS_PATH}`, 'utf8');
const LIST = commonPasswordList(LIST_TEXT);
const commonPasswordEntries = () => LIST.entries();
const isCommonPassword = (lowerCased: string) => LIST.has(lowerCased);
const checkNewPassword = (password: string, context?: Parameters<typeof checkNewPasswordWith>[2]) => checkNewPasswordWith(password, LIST, context);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Standard base64 without padding, as stored hashes spell it. */
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (h) => parseInt(h, 16));

/** One plain PBKDF2-HMAC-SHA-256 call, independent of the module under test. */
async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** Replaces the character at `index` of `text` by another base64 character. */
function flip(text: string, index: number): string {
  const c = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + c + text.slice(index + 1);
}

/** Counts deriveBits calls and the largest iteration count asked of one call. */
function watchDeriveBits() {
  const original = crypto.subtle.deriveBits.bind(crypto.subtle);
  const seen = { calls: 0, maxIterations: 0 };
  vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((algorithm, key, length) => {
    seen.calls += 1;
    seen.maxIterations = Math.max(seen.maxIterations, (algorithm as { iterations: number }).iterations);
    return original(algorithm, key, length);
  });
  return seen;
}

describe('hashPassword', () => {
  it('stores scheme, iterations, a 16-byte salt and a 32-byte hash, never the password', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^pbkdf2-sha256\$600000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(PASSWORD_ITERATIONS).toBe(600_000);
    expect(stored).not.toContain('horse');
  });

  it('gives the same password a different salt and hash every time', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    const [, , saltA, hashA] = a.split('$');
    const [, , saltB, hashB] = b.split('$');
    expect(saltA).not.toBe(saltB);
    expect(hashA).not.toBe(hashB);
  });

  it('never asks one PBKDF2 call for more than 100,000 iterations (the production cap)', async () => {
    // Local workerd does not enforce Cloudflare's cap, so only this test can catch a regression.
    const seen = watchDeriveBits();
    await hashPassword(PASSWORD);
    expect(MAX_ITERATIONS_PER_CALL).toBe(100_000);
    expect(seen.maxIterations).toBe(100_000);
    expect(seen.calls).toBe(6);
  });

  it('refuses an iteration count that is not a sensible whole number', async () => {
    await expect(hashPassword(PASSWORD, { iterations: 0 })).rejects.toThrow(RangeError);
    await expect(hashPassword(PASSWORD, { iterations: 1.5 })).rejects.toThrow(RangeError);
    await expect(hashPassword(PASSWORD, { iterations: 5_000_001 })).rejects.toThrow(RangeError);
  });
});

describe('verifyPassword', () => {
  it('accepts the password a hash was made from, and nothing else', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('matches the same text typed with composed or decomposed accents (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 au lait 42', { iterations: 1_000 });
    expect(await verifyPassword('cafe\u0301 au lait 42', stored)).toBe(true);
  });

  it('is standard PBKDF2-HMAC-SHA-256 up to 100,000 iterations (RFC 6070-style vector)', async () => {
    // P = "passwordPASSWORDpassword", S = "saltSALTsaltSALTsaltSALTsaltSALTsalt", c = 4096:
    // the published dkLen-40 output starts with this 32-byte block.
    const salt = new TextEncoder().encode('saltSALTsaltSALTsaltSALTsaltSALTsalt');
    const expected = hex('348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1');
    const stored = `pbkdf2-sha256$4096$${b64(salt)}$${b64(expected)}`;
    expect(await verifyPassword('passwordPASSWORDpassword', stored)).toBe(true);
    expect(await verifyPassword('passwordPASSWORDpassworD', stored)).toBe(false);
  });

  it("chains calls above 100,000: round 2 is salted with the salt followed by round 1's output", async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const round1 = await pbkdf2(PASSWORD, salt, 100_000);
    const round2 = await pbkdf2(PASSWORD, new Uint8Array([...salt, ...round1]), 50_000);
    expect(await verifyPassword(PASSWORD, `pbkdf2-sha256$150000$${b64(salt)}$${b64(round2)}`)).toBe(true);
    // The same 150,000 iterations in one call is a different (and, on Cloudflare, refused) hash.
    const single = await pbkdf2(PASSWORD, salt, 150_000);
    expect(await verifyPassword(PASSWORD, `pbkdf2-sha256$150000$${b64(salt)}$${b64(single)}`)).toBe(false);
  });

  it('answers false for a tampered hash, salt or iteration count', async () => {
    const stored = await hashPassword(PASSWORD, { iterations: 2_000 });
    const [scheme, iterations, salt, hash] = stored.split('$') as [string, string, string, string];
    expect(await verifyPassword(PASSWORD, [scheme, iterations, salt, flip(hash, 5)].join('$'))).toBe(false);
    expect(await verifyPassword(PASSWORD, [scheme, iterations, flip(salt, 3), hash].join('$'))).toBe(false);
    expect(await verifyPassword(PASSWORD, [scheme, '1999', salt, hash].join('$'))).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$12$abcdefghijklmnopqrstuv'],
    ['a missing part', 'pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA'],
    ['a zero iteration count', 'pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a huge iteration count', 'pbkdf2-sha256$90000000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a salt that is not base64', 'pbkdf2-sha256$1000$not*base64!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a hash of the wrong length', 'pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAA'],
  ])('throws PasswordHashFormatError for %s (a corrupt row is not a wrong password)', async (_, stored) => {
    await expect(verifyPassword(PASSWORD, stored)).rejects.toThrow(PasswordHashFormatError);
  });

  it('does the same work for an unknown account (stored = null) as for a real one, and says no', async () => {
    const stored = await hashPassword(PASSWORD);
    const real = watchDeriveBits();
    await verifyPassword('wrong password', stored);
    const realCalls = real.calls;
    vi.restoreAllMocks();

    const unknown = watchDeriveBits();
    expect(await verifyPassword(PASSWORD, null)).toBe(false);
    expect(unknown.calls).toBe(realCalls);
    expect(unknown.maxIterations).toBe(100_000);
  });

  it('says no to absurdly long input after the same work, without hashing all of it', async () => {
    const stored = await hashPassword(PASSWORD, { iterations: 1_000 });
    const seen = watchDeriveBits();
    expect(await verifyPassword('x'.repeat(100_000), stored)).toBe(false);
    expect(seen.calls).toBe(6); // today's cost, like an unknown account
  });
});

describe('needsRehash', () => {
  it("is false for a hash at today's cost, true for a cheaper or unreadable one", async () => {
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
    expect(needsRehash(await hashPassword(PASSWORD, { iterations: 100_000 }))).toBe(true);
    expect(needsRehash(`pbkdf2-sha256$${PASSWORD_ITERATIONS}$AAAAAAAAAAA$${'A'.repeat(43)}`)).toBe(true); // 8-byte salt
    expect(needsRehash('bcrypt$2b$12$whatever')).toBe(true);
    expect(needsRehash('')).toBe(true);
  });
});

describe('checkNewPassword', () => {
  const refused = (password: string, context?: Parameters<typeof checkNewPassword>[1]) => {
    const result = checkNewPassword(password, context);
    if (result.ok) throw new Error(`expected ${JSON.stringify(password)} to be refused`);
    return { reason: result.reason, message: result.message };
  };

  it('accepts a long passphrase, and 8 characters that are not common', () => {
    expect(checkNewPassword(PASSWORD)).toEqual({ ok: true });
    expect(checkNewPassword('Tq7#mZp2')).toEqual({ ok: true });
    expect(checkNewPassword('x'.repeat(20) + 'y'.repeat(MAX_PASSWORD_LENGTH - 20))).toEqual({ ok: true });
  });

  it('refuses fewer than 8 characters, counting an emoji once', () => {
    expect(refused('Tq7#mZp')).toEqual({ reason: 'too_short', message: 'Use at least 8 characters (15 or more is better).' });
    expect(refused('🐶🐱🐭🐹🐰🦊🐻').reason).toBe('too_short'); // 7 characters, 14 UTF-16 units
    expect(checkNewPassword('🐶🐱🐭🐹🐰🦊🐻🐼')).toEqual({ ok: true });
  });

  it('refuses more than 128 characters', () => {
    expect(refused(`${'ab'.repeat(64)}c`)).toEqual({ reason: 'too_long', message: 'Use at most 128 characters.' });
  });

  it('refuses one character repeated', () => {
    expect(refused('zzzzzzzzzzzzzzzzzzzz')).toEqual({
      reason: 'repeated_character',
      message: 'Don’t use one character over and over.',
    });
  });

  it('refuses a common password, in any case, and one with a few digits or symbols added', () => {
    const message = 'This password is too common: it is one of the first that attackers try. Choose another.';
    expect(refused('password1')).toEqual({ reason: 'common', message });
    expect(refused('QWERTYUIOP').reason).toBe('common');
    expect(refused('Sunshine2024!').reason).toBe('common');
    expect(refused('iloveyou123').reason).toBe('common');
  });

  it('ships a list of thousands of lower-case entries of 8 or more characters, looked up exactly', () => {
    const entries = commonPasswordEntries();
    expect(entries).toHaveLength(COMMON_PASSWORD_COUNT);
    expect([...entries].sort()).toEqual(entries); // sorted: the lookup stops at the first entry past the password
    expect(new Set(entries).size).toBe(entries.length);
    // Every 97th entry, the first and the last decode and are found (front coding round trip).
    for (const entry of [...entries.filter((_, i) => i % 97 === 0), entries.at(-1)!]) expect(isCommonPassword(entry)).toBe(true);
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThan(8_000);
    expect(entries.every((p) => [...p].length >= 8 && p === p.toLowerCase())).toBe(true);
    for (const entry of ['password', '12345678', 'qwertyuiop', 'iloveyou', 'football', 'trustno1', '1qaz2wsx', 'zzzzzzzzzz']) {
      expect(isCommonPassword(entry)).toBe(true);
    }
    // Whole entries only: no prefix, suffix, join of two lines, or empty string.
    expect(isCommonPassword('passwor')).toBe(false);
    expect(isCommonPassword('assword')).toBe(false);
    expect(isCommonPassword('password\n12345678')).toBe(false);
    expect(isCommonPassword('')).toBe(false);
  });

  it('answers exactly as the plain list would: listed entries refused, their near neighbours not', () => {
    const entries = commonPasswordEntries();
    const listed = new Set(entries);
    const sample = entries.filter((_, i) => i % 53 === 0);
    for (const entry of sample) expect(refused(entry.toUpperCase()).reason).toBe('common');
    // One character changed, dropped or added, or the letters reversed: the same answer as a Set
    // of the entries (a compact structure must not refuse a password that is not on the list).
    for (const entry of sample) {
      const neighbours = [`${entry.slice(0, -1)}${entry.at(-1) === 'x' ? 'y' : 'x'}`, `${entry}x`, entry.slice(1), [...entry].reverse().join('')];
      for (const n of neighbours) expect(isCommonPassword(n), n).toBe(listed.has(n));
    }
    for (const password of ['walks biscuit at noon', 'tq7#mzp2', 'correct horse battery', 'pawsome grooming']) {
      expect(isCommonPassword(password)).toBe(false);
    }
  });

  it('refuses every listed password (upper-cased ones are sampled above)', () => {
    const entries = commonPasswordEntries();
    expect(entries).toHaveLength(COMMON_PASSWORD_COUNT);
    const notRefused = entries.filter((entry) => checkNewPassword(entry).ok);
    expect(notRefused).toEqual([]);
  }, 60_000);

  it("refuses the site's name dressed up with digits or symbols", () => {
    expect(refused('Pawtal2024!')).toEqual({ reason: 'site_name', message: 'Don’t build your password from the word “Pawtal”.' });
    expect(refused('p.a.w.t.a.l.99').reason).toBe('site_name');
  });

  it('refuses the account\'s email address or the part before the "@"', () => {
    const message = 'Don’t use your email address as your password.';
    expect(refused('Jamie.Lee@Example.com', { email: 'jamie.lee@example.com' })).toEqual({ reason: 'email', message });
    expect(refused('jamie.lee.dogs', { email: 'Jamie.Lee.Dogs@example.com' })).toEqual({ reason: 'email', message });
    expect(checkNewPassword('jamie.lee.dogs', { email: 'someone.else@example.com' })).toEqual({ ok: true });
  });

  it("refuses the person's name, whole or any long part of it, spaces and case ignored", () => {
    const message = 'Don’t use your name as your password.';
    expect(refused('Jamie Okonkwo', { name: 'Jamie Okonkwo' })).toEqual({ reason: 'name', message });
    expect(refused('jamieokonkwo', { name: 'Jamie Okonkwo' })).toEqual({ reason: 'name', message });
    expect(refused('Christabelle', { name: 'Christabelle Fairweather-Smythe' })).toEqual({ reason: 'name', message });
    expect(checkNewPassword('Jamie Okonkwo walks Biscuit', { name: 'Jamie Okonkwo' })).toEqual({ ok: true });
  });
});

describe('the common-password list from the static assets', () => {
  const fetcher = (answer: () => Response) => ({ fetch: async () => answer() }) as unknown as Fetcher;

  it('is the generated file (its SHA-256 is the one in the bundle)', () => {
    expect(createHash('sha256').update(LIST_TEXT, 'utf8').digest('hex')).toBe(COMMON_PASSWORDS_SHA256);
  });

  it('refuses to check with a missing or altered file, then loads the right one', async () => {
    await expect(loadCommonPasswords(fetcher(() => new Response('Not found', { status: 404 })))).rejects.toThrow('answered 404');
    await expect(loadCommonPasswords(fetcher(() => new Response(LIST_TEXT.slice(0, -1))))).rejects.toThrow('SHA-256 differs');
    const list = await loadCommonPasswords(fetcher(() => new Response(LIST_TEXT)));
    expect(list.has('password')).toBe(true);
    expect(list.has('walks biscuit at noon')).toBe(false);
    // Loaded once per isolate.
    expect(await loadCommonPasswords(fetcher(() => new Response('', { status: 500 })))).toBe(list);
  });
});
