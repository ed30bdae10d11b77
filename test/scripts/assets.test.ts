/** Static files are cached for a year: their names must change with their content. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentHash, currentFile, FINGERPRINTED } from '../../scripts/fingerprint';
import { ASSETS } from '../../templates/assets';

describe('fingerprinted static files', () => {
  it.each(FINGERPRINTED)('name $prefix-*.$ext by its content hash (run `npm run assets` after editing it)', ({ key, prefix, ext }) => {
    const file = currentFile(prefix, ext);
    expect(file).toBe(`${prefix}-${contentHash(`static/${file}`)}.${ext}`);
    expect(ASSETS[key]).toBe(`/${file}`);
  });

  it('serve the htmx version that is installed', () => {
    const version = JSON.parse(readFileSync('node_modules/htmx.org/package.json', 'utf8')).version;
    expect(ASSETS.htmx).toBe(`/htmx-${version}.min.js`);
    expect(readFileSync(`static/htmx-${version}.min.js`)).toEqual(readFileSync('node_modules/htmx.org/dist/htmx.min.js'));
  });

  it('are cached for a year as immutable', () => {
    const headers = readFileSync('static/_headers', 'utf8');
    expect(headers).toMatch(/\/app-\*\.css\n\s+Cache-Control: public, max-age=31536000, immutable/);
    expect(headers).toMatch(/\/htmx-\*\.min\.js\n\s+Cache-Control: public, max-age=31536000, immutable/);
    expect(headers).toMatch(/\/app-\*\.js\n\s+Cache-Control: public, max-age=31536000, immutable/);
  });
});
