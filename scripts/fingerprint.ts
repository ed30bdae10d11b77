/**
 * Names static files by their content: static/app-<hash>.css, static/app-<hash>.js and
 * static/htmx-<version>.min.js are cached for a year as immutable (static/_headers), so a
 * changed file must get a new name. `npm run assets` renames our files to their content hash
 * and rewrites templates/assets.ts; test/scripts/assets.test.ts fails when they disagree.
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

/** Our fingerprinted files: the key in templates/assets.ts, the name's prefix and extension. */
export const FINGERPRINTED = [
  { key: 'css', prefix: 'app', ext: 'css' },
  { key: 'js', prefix: 'app', ext: 'js' },
] as const;

/** The one static/<prefix>-<hash>.<ext> file. */
export function currentFile(prefix: string, ext: string): string {
  const files = readdirSync(STATIC).filter((f) => new RegExp(`^${prefix}-[0-9a-z]+\\.${ext}$`).test(f));
  if (files.length !== 1) throw new Error(`expected one static/${prefix}-*.${ext}, found ${files.join(', ') || 'none'}`);
  return files[0]!;
}

export function fingerprint(): string[] {
  const assetsPath = join(ROOT, 'templates', 'assets.ts');
  let source = readFileSync(assetsPath, 'utf8');
  const changes: string[] = [];
  for (const { key, prefix, ext } of FINGERPRINTED) {
    const current = currentFile(prefix, ext);
    const wanted = `${prefix}-${contentHash(join(STATIC, current))}.${ext}`;
    if (current !== wanted) {
      renameSync(join(STATIC, current), join(STATIC, wanted));
      changes.push(`static/${wanted}`);
    }
    source = source.replace(new RegExp(`${key}: '/${prefix}-[0-9a-z]+\\.${ext}'`), `${key}: '/${wanted}'`);
  }
  writeFileSync(assetsPath, source);
  return changes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const changes = fingerprint();
  console.log(changes.length ? `Renamed: ${changes.join(', ')}` : 'Static files are up to date');
}
