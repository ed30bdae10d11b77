/**
 * Tiny PNG encoder for tests: RGBA, 8 bits, no interlace, filter 0 on every row, zlib via
 * CompressionStream — so tests can post real drawn signatures (blank or with a stroke) and real
 * photos (opaque colour gradients with sensor-like grain). Runs in workerd and in Node.
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  typed.set([...type].map((ch) => ch.charCodeAt(0)));
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface PngOptions {
  width?: number;
  height?: number;
  /** Draw a horizontal black stroke across the middle (a "signature"); false = blank. */
  ink?: boolean;
  /** Random noise (incompressible): makes a large file. */
  noise?: boolean;
  /** An opaque photo-like picture: colour gradients with a little grain (compresses as a photo would, poorly). */
  photo?: boolean;
}

export async function makePng({ width = 600, height = 200, ink = true, noise = false, photo = false }: PngOptions = {}): Promise<Uint8Array> {
  const stride = width * 4 + 1;
  const raw = new Uint8Array(stride * height);
  if (photo) {
    const grain = new Uint8Array(width * height);
    for (let i = 0; i < grain.length; i += 65536) crypto.getRandomValues(grain.subarray(i, Math.min(i + 65536, grain.length)));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const n = grain[y * width + x]! & 7;
        const at = y * stride + 1 + x * 4;
        raw[at] = ((x * 200) / width + n) | 0;
        raw[at + 1] = ((y * 200) / height + n) | 0;
        raw[at + 2] = (((x + y) * 100) / (width + height) + 80 + n) | 0;
        raw[at + 3] = 255;
      }
    }
  }
  if (noise) {
    for (let i = 0; i < raw.length; i += 65536) crypto.getRandomValues(raw.subarray(i, Math.min(i + 65536, raw.length)));
    for (let y = 0; y < height; y++) raw[y * stride] = 0;
  }
  if (ink) {
    const y0 = Math.floor(height / 2);
    for (let y = y0; y < Math.min(height, y0 + 3); y++) {
      for (let x = Math.floor(width / 10); x < Math.floor((width * 9) / 10); x++) raw.set([17, 17, 17, 255], y * stride + 1 + x * 4);
    }
  }
  const ihdr = new Uint8Array([...u32(width), ...u32(height), 8, 6, 0, 0, 0]);
  const bytes = [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', await deflate(raw)),
    ...chunk('IEND', new Uint8Array()),
  ];
  return new Uint8Array(bytes);
}

export function toDataUrl(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}
