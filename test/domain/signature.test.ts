/**
 * Drawn-signature checks (domain/signature.ts): a real PNG with ink passes; not a PNG, too
 * large, odd dimensions and a blank pad are refused with their messages; the sign form needs
 * consent and a drawn or typed signature.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_BYTES, SIGN_MESSAGES, checkSignForm, checkSignaturePng, decodeSignatureDataUrl, signFormValues } from '../../src/domain/signature';
import { makePng, toDataUrl } from '../helpers/png';

describe('checkSignaturePng', () => {
  it('accepts a PNG with a stroke and reads its dimensions from IHDR', async () => {
    expect(await checkSignaturePng(await makePng({ width: 600, height: 200 }))).toEqual({ ok: true, width: 600, height: 200 });
  });

  it('refuses bytes that are not a PNG (JPEG magic, text, truncated)', async () => {
    const jpeg = new Uint8Array(200).fill(0);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await checkSignaturePng(jpeg)).toEqual({ ok: false, error: SIGN_MESSAGES.notPng });
    expect(await checkSignaturePng(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({
      ok: false,
      error: SIGN_MESSAGES.notPng,
    });
    expect(await checkSignaturePng((await makePng()).slice(0, 20))).toEqual({ ok: false, error: SIGN_MESSAGES.notPng });
  });

  it('refuses a PNG over 200 KB', async () => {
    const big = await makePng({ width: 1000, height: 400, noise: true });
    expect(big.length).toBeGreaterThan(MAX_SIGNATURE_BYTES);
    expect(await checkSignaturePng(big)).toEqual({ ok: false, error: SIGN_MESSAGES.tooLarge });
  });

  it('refuses dimensions outside the limits', async () => {
    expect(await checkSignaturePng(await makePng({ width: 3000, height: 200 }))).toEqual({ ok: false, error: SIGN_MESSAGES.dimensions });
    expect(await checkSignaturePng(await makePng({ width: 600, height: 10 }))).toEqual({ ok: false, error: SIGN_MESSAGES.dimensions });
  });

  it('refuses a blank pad (every pixel transparent)', async () => {
    expect(await checkSignaturePng(await makePng({ ink: false }))).toEqual({ ok: false, error: SIGN_MESSAGES.blank });
  });
});

describe('decodeSignatureDataUrl', () => {
  it('decodes a PNG data URL and refuses other types and overlong ones before decoding', async () => {
    const png = await makePng();
    const decoded = decodeSignatureDataUrl(toDataUrl(png));
    expect(decoded.ok && decoded.bytes).toEqual(png);
    expect(decodeSignatureDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toEqual({ ok: false, error: SIGN_MESSAGES.notPng });
    expect(decodeSignatureDataUrl('data:image/png;base64,***')).toEqual({ ok: false, error: SIGN_MESSAGES.notPng });
    expect(decodeSignatureDataUrl(`data:image/png;base64,${'A'.repeat(300_000)}`)).toEqual({ ok: false, error: SIGN_MESSAGES.tooLarge });
  });
});

describe('checkSignForm', () => {
  const base = { versionId: 'agv_1', textSha256: 'a'.repeat(64) };

  it('needs consent and a signature, each with its message (asking to draw only where the pad was shown)', async () => {
    expect(await checkSignForm(signFormValues({ ...base, pad: '1' }), 'Jamie Rivera')).toEqual({
      ok: false,
      errors: { consent: SIGN_MESSAGES.consent, signature: SIGN_MESSAGES.empty },
    });
    expect(await checkSignForm(signFormValues({ ...base, consent: 'yes', typedName: '   ' }), 'Jamie Rivera')).toEqual({
      ok: false,
      errors: { signature: SIGN_MESSAGES.emptyTyped },
    });
    expect(SIGN_MESSAGES.emptyTyped).not.toMatch(/draw/i);
  });

  it('refuses a typed name that is not the full name on file ("J"), saying which name', async () => {
    for (const typed of ['J', 'Jamie', 'Rivera Jamie']) {
      expect(await checkSignForm(signFormValues({ ...base, consent: 'yes', typedName: typed }), 'Jamie Rivera')).toEqual({
        ok: false,
        errors: { signature: 'Type your full name as the business has it: Jamie Rivera.' },
      });
    }
  });

  it('matches the full name ignoring case, accents and spacing', async () => {
    for (const typed of ['jamie rivera', 'JAMIE  RIVERA', 'JamieRivera']) {
      expect((await checkSignForm(signFormValues({ ...base, consent: 'yes', typedName: typed }), 'Jamie Rivera')).ok).toBe(true);
    }
    expect((await checkSignForm(signFormValues({ ...base, consent: 'yes', typedName: 'Jose Maria Nunez' }), 'José María Núñez')).ok).toBe(true);
  });

  it('takes a typed name (spaces collapsed) as a typed signature', async () => {
    expect(await checkSignForm(signFormValues({ ...base, consent: 'yes', typedName: '  Jamie   Rivera ' }), 'Jamie Rivera')).toEqual({
      ok: true,
      method: 'typed',
      png: null,
      signerName: 'Jamie Rivera',
    });
  });

  it('takes a drawn signature, signed in the typed name or else the client’s name', async () => {
    const png = await makePng();
    const drawn = await checkSignForm(signFormValues({ ...base, consent: 'yes', drawn: toDataUrl(png) }), 'Jamie Rivera');
    expect(drawn).toMatchObject({ ok: true, method: 'drawn', signerName: 'Jamie Rivera' });
    expect(drawn.ok && drawn.png).toEqual(png);
    const named = await checkSignForm(signFormValues({ ...base, consent: 'yes', drawn: toDataUrl(png), typedName: 'J. Rivera' }), 'Jamie Rivera');
    expect(named).toMatchObject({ ok: true, method: 'drawn', signerName: 'J. Rivera' });
  });

  it('refuses a drawn image that is not a PNG even with a typed name', async () => {
    const checked = await checkSignForm(signFormValues({ ...base, consent: 'yes', drawn: 'data:image/gif;base64,R0lGOD', typedName: 'Jamie' }), 'Jamie');
    expect(checked).toEqual({ ok: false, errors: { signature: SIGN_MESSAGES.notPng } });
  });
});
