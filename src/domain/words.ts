/**
 * Counted words in messages ("1 second", "3 tries"), written once so no message says
 * "1 seconds" (issue 16). English only, as the rest of the portal's words.
 */

/** `n` and the word for it: `one` for exactly 1, else `many` (default: `one` + "s"). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
