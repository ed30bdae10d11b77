/** Counted words: "1 second", "2 seconds" — never "1 seconds" (issue 16). */
import { describe, expect, it } from 'vitest';
import { count } from '../../src/domain/words';
import { codeRefusal, minutes } from '../../src/routes/codes';

describe('count', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(count(1, 'second')).toBe('1 second');
    expect(count(0, 'second')).toBe('0 seconds');
    expect(count(2, 'try', 'tries')).toBe('2 tries');
    expect(count(1, 'try', 'tries')).toBe('1 try');
    expect(count(1_000, 'session')).toBe('1,000 sessions');
  });
});

describe('wait messages', () => {
  it('say "1 second" and "1 minute" when that is the wait', () => {
    expect(codeRefusal('sms', 'too_soon', 1_000)).toBe('Please wait 1 second before asking for another code.');
    expect(codeRefusal('sms', 'too_soon', 200)).toBe('Please wait 1 second before asking for another code.');
    expect(codeRefusal('email', 'too_soon', 29_001)).toBe('Please wait 30 seconds before asking for another code.');
    expect(minutes(60_000)).toBe('1 minute');
    expect(codeRefusal('sms', 'ip_limit', 90_000)).toBe('Too many codes were requested from your network. Try again in 2 minutes.');
  });
});
