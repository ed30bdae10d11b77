/**
 * Locale tags for Intl formatting.
 *
 * Why it exists: the viewer's locale comes from outside (Accept-Language, a business
 * setting). Intl throws a RangeError on a malformed tag, and a page must never answer 500
 * because of a header, so formatters pass their locale through `resolveLocale` first.
 * Pure: no I/O, no module state.
 */

/** Locale used when none is given or the given one is not a well-formed BCP 47 tag. */
export const FALLBACK_LOCALE = 'en-US';

/**
 * Returns `locale` in canonical form when it is a well-formed BCP 47 tag, else `fallback`.
 * Unknown but well-formed tags are kept: Intl itself falls back to the nearest it supports.
 */
export function resolveLocale(locale: string | undefined, fallback = FALLBACK_LOCALE): string {
  if (!locale) return fallback;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/** Words spelled by the business's locale: Color/Behavior in the US, Colour/Behaviour elsewhere. */
export function spellings(locale: string): { colour: string; behaviour: string } {
  return /^en-US\b/i.test(locale) ? { colour: 'Color', behaviour: 'Behavior' } : { colour: 'Colour', behaviour: 'Behaviour' };
}
