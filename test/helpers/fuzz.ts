/**
 * Shared pieces of the property-based fuzz tests (fast-check, issue 16): the hostile values
 * that broke or could break a form, random text of every kind, a form generator that keeps
 * most fields good so the accepted path is reached too, and the seeded, bounded run settings
 * (a failure replays exactly; fast-check prints the shrunk counterexample).
 */
import fc from 'fast-check';

export const SEED = 16;

/** Values that broke or could break a form: each is tried often, next to random text. */
export const HOSTILE = [
  '',
  ' ',
  '\u0000',
  'Rex\u0000',
  '\u200b\u200d\u2060',
  '\u3164',
  '\u202eevil\u202c',
  'مرحبا',
  '🐶🐾',
  '👨‍👩‍👧',
  'ｒｅｘ',
  '\ufeffRex',
  'e\u0301',
  '\u0301',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '2026-02-30',
  '2026-13-45',
  '0000-00-00',
  '-1',
  '-0',
  '1e309',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '\r\n\t',
  'x'.repeat(5_000),
  'é'.repeat(300),
];

export const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/**
 * A form of `names`: up to three of them (chosen at random) hostile — missing, or once or twice
 * with `text` — and the others a value from `good[name]` (omitted when it has none), so both
 * the refusals and the accepted path are reached.
 */
export function formOf(names: string[], good: Record<string, string[]> = {}): fc.Arbitrary<[string, string][]> {
  return fc
    .subarray(names, { maxLength: Math.min(3, names.length) })
    .chain((hostile) =>
      fc
        .tuple(
          ...names.map((name) =>
            hostile.includes(name) || !good[name]
              ? fc.array(text, { maxLength: 2 }).map((vs) => vs.map((v) => [name, v] as [string, string]))
              : fc.constantFrom(...good[name]!).map((v) => [[name, v] as [string, string]]),
          ),
        )
        .map((fields) => fields.flat()),
    );
}

/** Seeded and bounded: the same cases every run, stopping at the first failure. */
export function runs(numRuns: number) {
  return { seed: SEED, numRuns, endOnFailure: true };
}
