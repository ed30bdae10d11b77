/**
 * What parents may type into a name (a pet's name, their vet's, the name they sign with) and
 * into the other text fields of their forms (issue 16). A name made only of invisible
 * characters (zero-width spaces, joiners, direction marks, Hangul fillers, a lone combining
 * mark) shows staff an empty name that is not empty; NUL and other control characters break
 * exports, logs and texts, and a name never needs them. Such values are refused at the field,
 * with words that say what to change, never silently cleaned: what is saved is what was typed.
 * Pure; the forms (pet-form.ts, signature.ts) call it and show NAME_MESSAGES.
 */
import { t } from '../i18n';

/**
 * The words shown at the field, in the reader's language: each is read when it is shown (a
 * getter), so `NAME_MESSAGES[problem]` in a parent's request is in the parent's language and
 * English in the console.
 */
export const NAME_MESSAGES: { readonly invisible: string; readonly control: string } = {
  get invisible() {
    return t('pets.text.invisible');
  },
  get control() {
    return t('pets.text.control');
  },
};

export type TextProblem = keyof typeof NAME_MESSAGES;

/** Control characters: C0 (NUL, tab, line breaks…), DEL and C1. */
const CONTROL = /\p{Cc}/u;
/** Control characters other than the line breaks and tabs a notes field may hold. */
const CONTROL_IN_NOTES = /(?![\n\t])\p{Cc}/u;
/**
 * Characters that show nothing: white space, format characters (zero-width space/joiners,
 * direction marks, BOM, word joiner), combining marks with no letter to sit on, and the
 * filler characters that render blank (Hangul fillers, Braille blank, Mongolian vowel separator).
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Mn}\p{Me}\u115f\u1160\u3164\uffa0\u2800\u180e]/gu;

/**
 * The problem with a one-line text such as a name, or null. An empty value is no problem here
 * (whether the field is required is the form's rule).
 * @param opts.name - true for a name: one made only of invisible characters is refused too
 */
export function lineProblem(value: string, opts: { name?: boolean } = {}): TextProblem | null {
  if (CONTROL.test(value)) return 'control';
  if (opts.name && value !== '' && value.replace(INVISIBLE, '') === '') return 'invisible';
  return null;
}

/** The problem with a notes field (line breaks and tabs allowed), or null. */
export function notesProblem(value: string): TextProblem | null {
  return CONTROL_IN_NOTES.test(value) ? 'control' : null;
}
