/** The icon set and manifest the layout links: present, valid, cached for a year under versioned names. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STATIC = join(import.meta.dirname, '..', '..', 'static');

describe('static/icons', () => {
  it('has a manifest whose icons exist, and the SVG icon', () => {
    const manifest = JSON.parse(readFileSync(join(STATIC, 'icons', 'manifest-v1.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'Pawtal', start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons) expect(readFileSync(join(STATIC, icon.src)).toString()).toMatch(/^<svg /);
  });

  it('is served with a year-long immutable cache (static/_headers)', () => {
    expect(readFileSync(join(STATIC, '_headers'), 'utf8')).toMatch(/\/icons\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/);
  });
});
