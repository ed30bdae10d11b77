/**
 * The catalogs (src/i18n/catalogs): every area has the same keys in English and Spanish, no key
 * is in two areas, every message compiles and names the same placeholders in both languages,
 * and every key the code asks for exists. A catalog that lacks a key fails here by name (and
 * does not compile — defineMessages types the Spanish by the English).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { describe, expect, it } from 'vitest';
import { AREAS, CATALOGS } from '../../src/i18n/catalogs';
import { intlLocale, LANGUAGES, translator } from '../../src/i18n';

type Compiled = ReturnType<typeof compileMessageOrThrow>;

/**
 * The placeholder names of a compiled message, plural/select arguments included, sorted. A
 * compiled message is a list of parts: text, or a token `[name]` / `[name, type, branches]`
 * whose branches are lists of parts again.
 */
function placeholders(parts: Compiled): string[] {
  const names = new Set<string>();
  const walk = (list: readonly unknown[]): void => {
    for (const part of list) {
      if (!Array.isArray(part)) continue;
      names.add(part[0] as string);
      const branches = part[2];
      if (branches && typeof branches === 'object' && !Array.isArray(branches)) {
        for (const branch of Object.values(branches as Record<string, unknown>)) if (Array.isArray(branch)) walk(branch);
      }
    }
  };
  walk(parts as readonly unknown[]);
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

describe('the language catalogs', () => {
  for (const [name, area] of Object.entries(AREAS)) {
    it(`${name}: Spanish has every English key and no other`, () => {
      const en = Object.keys(area.en).sort();
      const es = Object.keys(area.es).sort();
      expect(
        en.filter((k) => !(k in area.es)),
        'keys missing from the Spanish catalog',
      ).toEqual([]);
      expect(
        es.filter((k) => !(k in area.en)),
        'keys in Spanish that English lacks',
      ).toEqual([]);
    });

    it(`${name}: every message compiles, with the same placeholders in both languages, and no Spanish is left empty`, () => {
      for (const key of Object.keys(area.en)) {
        const en = compileMessageOrThrow((area.en as Record<string, string>)[key] as string);
        const es = compileMessageOrThrow((area.es as Record<string, string>)[key] as string);
        expect(placeholders(es), `placeholders of ${key}`).toEqual(placeholders(en));
        expect(((area.es as Record<string, string>)[key] as string).trim(), `Spanish of ${key}`).not.toBe('');
      }
    });
  }

  it('no key is in two areas (the later area would silently win)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, area] of Object.entries(AREAS)) {
      for (const key of Object.keys(area.en)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)} and ${name})`);
        seen.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('every key the code asks for with t(…) or tx(…) is in the catalogs', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('templates')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:t|tx|tr|translate)\(\s*'([A-Za-z][\w.-]*)'/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(20);
    for (const language of LANGUAGES) {
      expect(
        [...used].filter((k) => !(k in CATALOGS[language])),
        `keys missing from ${language}`,
      ).toEqual([]);
    }
  });

  it('plurals follow each language, and numbers are formatted by it', () => {
    const en = translator('en');
    const es = translator('es');
    expect(en('layout.pager.page', { page: 2, count: 5 })).toBe('Page 2 of 5');
    expect(es('layout.pager.page', { page: 2, count: 5 })).toBe('Página 2 de 5');
    expect(() => en('no.such.key' as never)).toThrow(/no\.such\.key/);
  });

  it('dates and money are in the reader’s language, in the business’s region', () => {
    expect(intlLocale('en', 'en-GB')).toBe('en-GB');
    expect(intlLocale('es', 'en-US')).toBe('es-US');
    expect(intlLocale('es', 'es-MX')).toBe('es-MX');
    expect(intlLocale('en', 'es-MX')).toBe('en-MX');
    expect(intlLocale('es', 'not a locale')).toBe('es');
    const money = new Intl.NumberFormat(intlLocale('es', 'en-US'), { style: 'currency', currency: 'USD' }).format(1250.5);
    expect(money).toBe('$1,250.50');
    const day = new Intl.DateTimeFormat(intlLocale('es', 'en-US'), { month: 'long', timeZone: 'UTC' }).format(new Date('2026-12-03T12:00:00Z'));
    expect(day).toBe('diciembre');
  });
});
