import { describe, expect, it } from 'vitest';
import {
  checkReportCard,
  checkReportPhoto,
  correctionDetail,
  EMPTY_REPORT_CARD,
  isHeic,
  REPORT_PHOTO_MAX_BYTES,
  REPORT_PHOTOS_MAX,
  reportCardValues,
} from '../../src/domain/report-card-form';

/** A PNG's first 24 bytes: signature and IHDR with the given size. */
function pngHead(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

const heic = (brand: string) => new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode(`ftyp${brand}`), 0, 0, 0, 0]);

describe('reportCardValues and checkReportCard', () => {
  it('keeps strings only, trims, and turns empty notes into null', () => {
    const values = reportCardValues({ mood: ' Happy ', activities: ['x'], eating: 5, potty: '', staffComment: 'Line one\r\nline two\u200b' });
    expect(values).toEqual({ mood: ' Happy ', activities: '', eating: '', potty: '', staffComment: 'Line one\r\nline two\u200b' });
    expect(checkReportCard(values, 0)).toEqual({
      ok: true,
      card: { mood: 'Happy', activities: null, eating: null, potty: null, staffComment: 'Line one\nline two' },
    });
  });

  it('asks for a note or a photo; a photo alone is enough', () => {
    const r = checkReportCard(EMPTY_REPORT_CARD, 0);
    expect(r.ok === false && r.errors.mood).toContain('Write at least one note');
    expect(checkReportCard(EMPTY_REPORT_CARD, 1).ok).toBe(true);
  });

  it('names every field that is too long, and too many photos, at once', () => {
    const r = checkReportCard({ ...EMPTY_REPORT_CARD, mood: 'm'.repeat(101), staffComment: 'c'.repeat(2001) }, REPORT_PHOTOS_MAX + 1);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.mood).toBe('Keep it to 100 characters (it has 101).');
      expect(r.errors.staffComment).toContain('2000 characters');
      expect(r.errors.photos).toContain(`at most ${REPORT_PHOTOS_MAX} photos`);
    }
  });
});

describe('checkReportPhoto', () => {
  it('accepts a PNG with its size', () => {
    expect(checkReportPhoto('a.png', 33, pngHead(640, 480))).toEqual({ ok: true, type: 'image/png', width: 640, height: 480 });
  });

  it('refuses HEIC by name, with what to do instead', () => {
    expect(isHeic(heic('heic'))).toBe(true);
    expect(isHeic(heic('mif1'))).toBe(true);
    expect(isHeic(pngHead(1, 1))).toBe(false);
    const r = checkReportPhoto('IMG_1.HEIC', 20, heic('heic'));
    expect(r.ok === false && r.error).toMatch(/^“IMG_1.HEIC” is an HEIC photo.*JPEG, PNG or WebP/);
  });

  it('refuses a file over 10 MB by its size, before reading it', () => {
    const r = checkReportPhoto('big.jpg', REPORT_PHOTO_MAX_BYTES + 1, new Uint8Array());
    expect(r.ok === false && r.error).toContain('at most 10 MB');
    expect(checkReportPhoto('edge.png', REPORT_PHOTO_MAX_BYTES, pngHead(10, 10)).ok).toBe(true);
  });

  it('refuses other types, damaged headers and too many pixels', () => {
    const gif = checkReportPhoto('x.gif', 6, new TextEncoder().encode('GIF89a'));
    expect(gif.ok === false && gif.error).toContain('not a JPEG, PNG or WebP');
    const cut = checkReportPhoto('cut.png', 10, pngHead(10, 10).subarray(0, 12));
    expect(cut.ok === false && cut.error).toContain('looks damaged');
    const huge = checkReportPhoto('huge.png', 33, pngHead(12_001, 10));
    expect(huge.ok === false && huge.error).toContain('too many pixels');
  });
});

describe('correctionDetail', () => {
  it('names the changed fields and the photos added and removed', () => {
    const before = { mood: 'Happy', activities: 'Fetch', eating: null, potty: null, staffComment: null };
    expect(correctionDetail(before, { ...before, activities: 'Swim', eating: 'All' }, 2, 1)).toBe(
      'Changed: activities, eating, 2 photos added, 1 photo removed',
    );
    expect(correctionDetail(before, before, 0, 0)).toBe('Saved with no changes');
  });
});
