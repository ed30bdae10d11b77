import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_MAX_BYTES,
  certificateTypeOf,
  checkCertificate,
  checkEntries,
  checkRejectReason,
  daysUntil,
  entryValues,
  padEntries,
  parseEntries,
  reminderLeadOn,
} from '../../src/domain/vaccination-upload';

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const heic = (brand: string) => new Uint8Array([0, 0, 0, 24, ...bytes(`ftyp${brand}`), 0, 0, 0, 0]);

describe('certificateTypeOf', () => {
  it('tells photos and PDFs by their bytes', () => {
    expect(certificateTypeOf(PNG)).toBe('image/png');
    expect(certificateTypeOf(JPEG)).toBe('image/jpeg');
    expect(certificateTypeOf(bytes('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(certificateTypeOf(heic('heic'))).toBe('image/heic');
    expect(certificateTypeOf(heic('mif1'))).toBe('image/heic');
    expect(certificateTypeOf(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    expect(certificateTypeOf(bytes('\n\n%PDF-1.4\n'))).toBe('application/pdf');
  });

  it('refuses anything else, whatever it is called', () => {
    expect(certificateTypeOf(bytes('Rabies: valid until 2027-01-01\n'))).toBeNull();
    expect(certificateTypeOf(bytes('%PDF'))).toBeNull();
    expect(certificateTypeOf(bytes('<html>%PDF-x</html>'))).toBeNull();
    expect(certificateTypeOf(heic('avif'))).toBeNull();
    expect(certificateTypeOf(new Uint8Array(0))).toBeNull();
    expect(certificateTypeOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBeNull(); // a zip (docx)
  });
});

describe('checkCertificate', () => {
  it('takes a photo or a PDF up to 10 MB', () => {
    expect(checkCertificate(CERTIFICATE_MAX_BYTES, bytes('%PDF-1.5'))).toEqual({ ok: true, type: 'application/pdf' });
  });
  it('refuses an empty, an oversized or a non-document file with a message for the field', () => {
    expect(checkCertificate(0, new Uint8Array(0))).toEqual({ ok: false, error: 'Choose the certificate: a photo of it or a PDF.' });
    expect(checkCertificate(CERTIFICATE_MAX_BYTES + 1, new Uint8Array(0))).toEqual({ ok: false, error: expect.stringContaining('10 MB or less') });
    expect(checkCertificate(20, bytes('just some text, .pdf'))).toEqual({ ok: false, error: expect.stringContaining('neither a photo nor a PDF') });
  });
});

describe('entryValues and checkEntries', () => {
  const today = '2026-12-03';
  it('reads the fixed rows, skips blank ones and keeps the rest', () => {
    const values = entryValues({ name_1: ' Rabies ', expires_1: '2027-06-01', name_3: 'DHPP', expires_3: '2027-01-15', name_2: ['x'] });
    expect(values).toHaveLength(4);
    expect(values[1]).toEqual({ name: '', expiresOn: '' });
    expect(checkEntries(values, today)).toEqual({
      ok: true,
      entries: [
        { name: 'Rabies', expiresOn: '2027-06-01' },
        { name: 'DHPP', expiresOn: '2027-01-15' },
      ],
    });
  });

  it.each([
    [{ expires_1: '2027-06-01' }, 'name_1', 'Enter the vaccine’s name'],
    [{ name_1: 'Rabies' }, 'expires_1', 'Enter the expiry date'],
    [{ name_1: 'Rabies', expires_1: '2027-02-30' }, 'expires_1', 'as a date'],
    [{ name_1: 'Rabies', expires_1: 'next year' }, 'expires_1', 'as a date'],
    [{ name_1: 'Rabies', expires_1: '2021-11-01' }, 'expires_1', 'more than 5 years ago'],
    [{ name_1: 'Rabies', expires_1: '2040-01-01' }, 'expires_1', 'more than 10 years ahead'],
    [{ name_1: 'R'.repeat(61), expires_1: '2027-01-01' }, 'name_1', 'under 60 characters'],
    [{ name_1: 'Rabies', expires_1: '2027-01-01', name_2: 'rábies', expires_2: '2028-01-01' }, 'name_2', 'listed already'],
    [{}, 'entries', 'at least one vaccine'],
  ])('refuses %j at %s', (form, field, message) => {
    const checked = checkEntries(entryValues(form), today);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors[field]).toContain(message);
  });

  it('takes an expiry a little in the past (an expired certificate is still a record)', () => {
    expect(checkEntries(entryValues({ name_1: 'Rabies', expires_1: '2022-12-10' }), today).ok).toBe(true);
  });

  it('pads rows for the form', () => {
    expect(padEntries([{ name: 'A', expiresOn: '2027-01-01' }])).toHaveLength(4);
    expect(padEntries(Array.from({ length: 6 }, () => ({ name: 'A', expiresOn: '' })))).toHaveLength(6);
  });
});

describe('parseEntries', () => {
  it('reads what was stored and nothing else', () => {
    expect(parseEntries('[{"name":"Rabies","expiresOn":"2027-01-01"},{"name":3}]')).toEqual([{ name: 'Rabies', expiresOn: '2027-01-01' }]);
    expect(parseEntries('not json')).toEqual([]);
    expect(parseEntries('{"name":"x"}')).toEqual([]);
  });
});

describe('reminders', () => {
  it('are due exactly 30 and 7 days before the expiry', () => {
    expect(daysUntil('2026-12-31', '2027-01-30')).toBe(30);
    expect(reminderLeadOn('2026-12-31', '2027-01-30')).toBe(30);
    expect(reminderLeadOn('2027-03-01', '2027-03-08')).toBe(7);
    expect(reminderLeadOn('2027-03-01', '2027-03-09')).toBeNull();
    expect(reminderLeadOn('2027-03-01', '2027-03-01')).toBeNull();
    expect(reminderLeadOn('2027-03-01', 'soon')).toBeNull();
  });
  it('count across a DST change as calendar days', () => {
    expect(reminderLeadOn('2027-03-07', '2027-03-14')).toBe(7);
  });
});

describe('checkRejectReason', () => {
  it('needs a reason of at most 300 characters, in one paragraph', () => {
    expect(checkRejectReason('  The photo\nis blurred ')).toEqual({ ok: true, reason: 'The photo is blurred' });
    expect(checkRejectReason('')).toEqual({ ok: false, error: expect.stringContaining('Say why') });
    expect(checkRejectReason(['x'])).toEqual({ ok: false, error: expect.stringContaining('Say why') });
    expect(checkRejectReason('x'.repeat(301))).toEqual({ ok: false, error: expect.stringContaining('300 characters') });
  });
});
