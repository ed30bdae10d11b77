/**
 * Names static files by their content: static/app-<hash>.css and static/htmx-<version>.min.js
 * are cached for a year as immutable (static/_headers), so a changed file must get a new name.
 * `npm run assets` renames the stylesheet to its content hash and rewrites templates/assets.ts;
 * test/scripts/assets.test.ts fails when the names and contents disagree.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = join(ROOT, 'static');

/** First 10 hex digits of the SHA-256 of a file's bytes. */
export function contentHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 10);
}

export function currentStylesheet(): string {
  const css = readdirSync(STATIC).filter((f) => /^app-[0-9a-z]+\.css$/.test(f));
  if (css.length !== 1) throw new Error(`expected one static/app-*.css, found ${css.join(', ') || 'none'}`);
  return css[0]!;
}

export function fingerprint(): { css: string; changed: boolean } {
  const current = currentStylesheet();
  const wanted = `app-${contentHash(join(STATIC, current))}.css`;
  if (current !== wanted) renameSync(join(STATIC, current), join(STATIC, wanted));
  const assetsPath = join(ROOT, 'templates', 'assets.ts');
  const source = readFileSync(assetsPath, 'utf8');
  const updated = source.replace(/css: '\/app-[0-9a-z]+\.css'/, `css: '/${wanted}'`);
  if (updated !== source) writeFileSync(assetsPath, updated);
  return { css: wanted, changed: current !== wanted || updated !== source };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { css, changed } = fingerprint();
  console.log(changed ? `Stylesheet is now static/${css}` : `static/${css} is up to date`);
}
