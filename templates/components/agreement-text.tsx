/**
 * An agreement's text as the parent and staff read it (domain/agreement-text.ts): headings,
 * paragraphs and lists from the small markup, every character escaped by JSX — the stored text
 * is never trusted as HTML.
 */
import { agreementBlocks } from '../../src/domain/agreement-text';

export function AgreementText(p: { text: string; id?: string }) {
  return (
    <div class="agreement-text" id={p.id}>
      {agreementBlocks(p.text).map((b) => {
        if (b.kind === 'heading') return b.level === 2 ? <h2>{b.text}</h2> : <h3>{b.text}</h3>;
        if (b.kind === 'list') {
          const items = b.items.map((i) => <li>{i}</li>);
          return b.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
        }
        return <p>{b.lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>;
      })}
    </div>
  );
}
