/**
 * The text of an agreement (issue 14 item 2): plain paragraphs, with headings and lists by a
 * small markup a business can type in a textarea — a line starting "# " (or "## ") is a
 * heading, lines starting "- " (or "* ") are a bulleted list, "1. " a numbered one; a blank line
 * ends a paragraph. Nothing else is special and no HTML is ever stored or rendered: a text with
 * something that looks like a tag is refused with words saying what to use instead, and the
 * blocks are rendered by JSX, which escapes every character. The stored text is what a parent
 * signs (its SHA-256 is kept with the signature), so parsing never rewrites it.
 */

export type AgreementBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] };

const HEADING = /^(#{1,2})\s+(.+)$/;
const BULLET = /^[-*]\s+(.+)$/;
const NUMBERED = /^\d{1,3}[.)]\s+(.+)$/;

/** Splits a stored text into blocks; every line of the text lands in exactly one block. */
export function agreementBlocks(text: string): AgreementBlock[] {
  const blocks: AgreementBlock[] = [];
  let paragraph: string[] | null = null;
  let list: { ordered: boolean; items: string[] } | null = null;
  const close = () => {
    if (paragraph) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (list) blocks.push({ kind: 'list', ...list });
    paragraph = null;
    list = null;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      close();
      continue;
    }
    const heading = HEADING.exec(line.trimStart());
    if (heading) {
      close();
      blocks.push({ kind: 'heading', level: heading[1] === '#' ? 2 : 3, text: heading[2]!.trim() });
      continue;
    }
    const bullet = BULLET.exec(line.trimStart());
    const numbered = bullet ? null : NUMBERED.exec(line.trimStart());
    const item = bullet ?? numbered;
    if (item) {
      const ordered = numbered !== null;
      if (!list || list.ordered !== ordered) {
        close();
        list = { ordered, items: [] };
      }
      list.items.push(item[1]!.trim());
      continue;
    }
    if (list) {
      // A line right under a list item, not itself an item, continues that item.
      const items: string[] = list.items;
      items[items.length - 1] = `${items[items.length - 1]} ${line.trim()}`;
      continue;
    }
    if (!paragraph) paragraph = [];
    paragraph.push(line.trim());
  }
  close();
  return blocks;
}

export const AGREEMENT_TITLE_MAX = 120;
export const AGREEMENT_TEXT_MAX = 50_000;

/** Something a browser would read as markup: `<b>`, `</p>`, `<!-- -->`, `<?xml`. */
const TAG_LIKE = /<\s*[a-zA-Z!/?][^>]*>?/;

export interface AgreementDraft {
  title: string;
  text: string;
}

export type AgreementField = 'title' | 'text' | 'appliesTo';

/** The title's message, or null when it may be stored. */
export function agreementTitleProblem(title: string): string | null {
  if (title === '') return 'Enter a title, for example “Boarding agreement”.';
  if (title.length > AGREEMENT_TITLE_MAX) return `Keep the title to ${AGREEMENT_TITLE_MAX} characters or fewer.`;
  if (TAG_LIKE.test(title)) return 'The title cannot contain HTML tags such as <b>.';
  return null;
}

/** The text's message, or null when it may be stored. */
export function agreementTextProblem(text: string): string | null {
  if (text.trim() === '') return 'Enter the text clients will read and sign.';
  if (text.length > AGREEMENT_TEXT_MAX) return `The text is too long: keep it to ${AGREEMENT_TEXT_MAX.toLocaleString('en-US')} characters or fewer.`;
  const tag = TAG_LIKE.exec(text);
  if (tag)
    return `The text cannot contain HTML (found “${tag[0].slice(0, 20)}”). Start a line with # for a heading, - for a list item, and leave a blank line between paragraphs.`;
  return null;
}

export const normaliseAgreementTitle = (title: string) => title.replace(/\s+/g, ' ').trim();
export const normaliseAgreementText = (text: string) => text.replace(/\r\n?/g, '\n').replace(/\s+$/, '');

/** Checks a title and text before they are stored; messages say what to do. */
export function checkAgreementDraft(
  draft: AgreementDraft,
): { ok: true; value: AgreementDraft } | { ok: false; errors: Partial<Record<AgreementField, string>> } {
  const title = normaliseAgreementTitle(draft.title);
  const text = normaliseAgreementText(draft.text);
  const errors: Partial<Record<AgreementField, string>> = {};
  const titleProblem = agreementTitleProblem(title);
  const textProblem = agreementTextProblem(text);
  if (titleProblem) errors.title = titleProblem;
  if (textProblem) errors.text = textProblem;
  if (titleProblem || textProblem) return { ok: false, errors };
  return { ok: true, value: { title, text } };
}

export const SERVICE_AUDIENCE = ['boarding', 'daycare', 'grooming', 'training'] as const;
export type AudienceServiceType = (typeof SERVICE_AUDIENCE)[number];

/**
 * Who must sign: every client (`null`), or clients of the ticked service types — those who have
 * had a visit of one of them, or are booking one. `who` is the form's radio ("all" / "services").
 */
export function checkAudience(who: string | null, ticked: string[]): { ok: true; value: AudienceServiceType[] | null } | { ok: false; error: string } {
  if (who !== 'services') return { ok: true, value: null };
  const types = SERVICE_AUDIENCE.filter((t) => ticked.includes(t));
  if (types.length === 0) return { ok: false, error: 'Tick at least one service, or choose “Every client”.' };
  return { ok: true, value: types };
}

/** The stored JSON array back to service types; anything unreadable counts as "every client". */
export function readAudience(stored: string | null): AudienceServiceType[] | null {
  if (!stored) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return null;
    const types = SERVICE_AUDIENCE.filter((t) => parsed.includes(t));
    return types.length > 0 ? types : null;
  } catch {
    return null;
  }
}
