/**
 * Image sizes from headers alone (domain/image-header.ts): JPEG SOFn (after APPn segments,
 * fill bytes, baseline and progressive), PNG IHDR, WebP VP8 / VP8L / VP8X; and null for
 * anything else, a cut-short header or a zero size. Also the photo check in pet-form.ts that
 * uses it: the byte limit, the type, a readable header and the pixel limits.
 */
import { describe, expect, it } from 'vitest';
import { imageHeader } from '../../src/domain/image-header';
import { MAX_PHOTO_BYTES, checkPhoto } from '../../src/domain/pet-form';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((ch) => ch.charCodeAt(0)) : p)));
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le16 = (n: number) => [n & 0xff, n >> 8];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];

function jpeg(width: number, height: number, sof = 0xc0) {
  return bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, ...be16(16)],
    'JFIF\0',
    [1, 1, 0, 0, 1, 0, 1, 0, 0], // APP0
    [0xff, 0xdb, ...be16(4), 0, 0], // DQT (shortened)
    [0xff, 0xff], // a fill byte before the next marker
    [0xff, sof, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xda, ...be16(12)],
  );
}
function png(width: number, height: number) {
  return bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 2, 0, 0, 0], be32(0));
}
const riff = (chunk: string, data: number[]) => bytes('RIFF', le24(4 + 8 + data.length), [0], 'WEBP', chunk, le24(data.length), [0], data);
function webpLossy(width: number, height: number) {
  return riff('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, ...le16(width), ...le16(height), 0, 0]);
}
function webpLossless(width: number, height: number) {
  const bits = ((width - 1) | ((height - 1) << 14)) >>> 0;
  return riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff, 0, 0, 0, 0, 0]);
}
function webpExtended(width: number, height: number) {
  return riff('VP8X', [0x10, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)]);
}

describe('imageHeader', () => {
  it('reads a JPEG’s size from its first frame header, baseline or progressive, past APPn and fill bytes', () => {
    expect(imageHeader(jpeg(320, 240))).toEqual({ type: 'image/jpeg', width: 320, height: 240 });
    expect(imageHeader(jpeg(213, 320, 0xc2))).toEqual({ type: 'image/jpeg', width: 213, height: 320 });
    expect(imageHeader(jpeg(4032, 3024))).toEqual({ type: 'image/jpeg', width: 4032, height: 3024 });
  });

  it('does not take a DHT (C4) segment for a frame', () => {
    const dht = bytes([0xff, 0xd8], [0xff, 0xc4, ...be16(7), 0, 9, 9, 9, 9], [...jpeg(10, 20).subarray(2)]);
    expect(imageHeader(dht)).toEqual({ type: 'image/jpeg', width: 10, height: 20 });
  });

  it('reads PNG IHDR and the three WebP forms', () => {
    expect(imageHeader(png(300, 200))).toEqual({ type: 'image/png', width: 300, height: 200 });
    expect(imageHeader(webpLossy(320, 180))).toEqual({ type: 'image/webp', width: 320, height: 180 });
    expect(imageHeader(webpLossless(400, 1))).toEqual({ type: 'image/webp', width: 400, height: 1 });
    expect(imageHeader(webpExtended(1920, 1080))).toEqual({ type: 'image/webp', width: 1920, height: 1080 });
  });

  it('answers null for other bytes, a header cut short, a frame-less JPEG and a zero size', () => {
    expect(imageHeader(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(imageHeader(new Uint8Array())).toBeNull();
    expect(imageHeader(jpeg(320, 240).subarray(0, 30))).toBeNull();
    expect(imageHeader(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0xff, 0xd9]))).toBeNull();
    expect(imageHeader(png(300, 200).subarray(0, 20))).toBeNull();
    expect(imageHeader(png(0, 200))).toBeNull();
    expect(imageHeader(jpeg(0, 10))).toBeNull();
    expect(imageHeader(riff('VP8 ', [0x10, 0x02, 0x00, 0, 0, 0, ...le16(10), ...le16(10), 0, 0]))).toBeNull(); // no start code
    expect(imageHeader(riff('ALPH', Array(14).fill(0)))).toBeNull();
  });
});

describe('checkPhoto', () => {
  it('accepts a JPEG, PNG or WebP up to 5 MB and 12,000 px a side, 40 megapixels, with its size', () => {
    expect(checkPhoto(1000, jpeg(4032, 3024))).toEqual({ ok: true, type: 'image/jpeg', width: 4032, height: 3024 });
    expect(checkPhoto(MAX_PHOTO_BYTES, png(12_000, 3_000))).toEqual({ ok: true, type: 'image/png', width: 12_000, height: 3_000 });
    expect(checkPhoto(1000, webpExtended(8_000, 5_000))).toMatchObject({ ok: true, type: 'image/webp' });
  });
  it('refuses one over 5 MB before reading it (no bytes needed)', () => {
    expect(checkPhoto(MAX_PHOTO_BYTES + 1, new Uint8Array())).toEqual({ ok: false, error: 'The photo is too large: choose one of 5 MB or less.' });
  });
  it('refuses too many pixels, saying how many', () => {
    expect(checkPhoto(1000, jpeg(12_001, 100))).toEqual({ ok: false, error: expect.stringContaining('too many pixels (12001 × 100)') });
    expect(checkPhoto(1000, png(100, 12_001))).toEqual({ ok: false, error: expect.stringContaining('at most 12,000 pixels a side and 40 megapixels') });
    expect(checkPhoto(1000, webpExtended(8_000, 5_001))).toEqual({ ok: false, error: expect.stringContaining('too many pixels') });
    expect(checkPhoto(1000, png(10_000, 10_000))).toEqual({ ok: false, error: expect.stringContaining('too many pixels (10000 × 10000)') });
  });
  it('refuses image bytes whose header cannot be read as damaged, anything else as the wrong type', () => {
    expect(checkPhoto(6, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({ ok: false, error: 'This photo looks damaged: choose another one.' });
    expect(checkPhoto(10, new TextEncoder().encode('GIF89a....'))).toEqual({ ok: false, error: 'The photo must be a JPEG, PNG or WebP image.' });
  });
});
