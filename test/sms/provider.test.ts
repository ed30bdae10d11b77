/** The sign-in SMS text (SPEC §3.1): the WebOTP / origin-bound code line comes last. */
import { describe, expect, it } from 'vitest';
import { withLanguage } from '../../src/i18n';
import { redactCodes } from '../../src/sms/outbox';
import { smsBody } from '../../src/sms/provider';

describe('smsBody', () => {
  it('says the code, its lifetime, and ends with the "@host #code" line', () => {
    const body = smsBody('123456', 'pawtal.test');
    expect(body).toBe("Your Pawtal code is 123456. It expires in 10 minutes. Don't share it.\n\n@pawtal.test #123456");
    expect(body.split('\n').at(-1)).toBe('@pawtal.test #123456');
  });

  it('is plain ASCII (one GSM-7 segment, no UCS-2 surcharge)', () => {
    const body = smsBody('000042', 'portal.example.com');
    expect(/^[\x20-\x7e\n]*$/.test(body)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(160);
    expect(body.endsWith('\n@portal.example.com #000042')).toBe(true);
  });

  it('lower-cases the host and drops a port', () => {
    expect(smsBody('123456', 'Localhost:8787').split('\n').at(-1)).toBe('@localhost #123456');
  });

  it('refuses a malformed code or host', () => {
    expect(() => smsBody('12345', 'pawtal.test')).toThrow(TypeError);
    expect(() => smsBody('123456', '')).toThrow(TypeError);
    expect(() => smsBody('123456', 'evil.test #999999\n@pawtal.test')).toThrow(TypeError);
  });
});

describe('smsBody in Spanish', () => {
  it('says the same in Spanish, in plain ASCII, with the "@host #code" line unchanged; the outbox still masks the code', () => {
    const body = withLanguage('es', '/', () => smsBody('123456', 'pawtal.test'));
    expect(body).toBe('Use 123456 para ingresar a Pawtal. Vence en 10 minutos. No lo comparta.\n\n@pawtal.test #123456');
    expect(/^[\x20-\x7e\n]*$/.test(body)).toBe(true);
    expect(body.length).toBeLessThanOrEqual(160);
    expect(redactCodes(body)).not.toContain('123456');
  });
});
