/**
 * The agreements the business asks the client to sign (SPEC §9): each with its newest
 * version and status — "To sign", or "Signed on <date>" when that version is signed.
 */
import { formatDate } from '../../src/domain/time';
import { Notice } from '../components/notice';

export interface AgreementItem {
  href: string;
  title: string;
  version: number;
  /** When the newest version was signed; null = to sign. */
  signedAt: Date | null;
  /** An earlier version was signed (a new version asks for a new signature). */
  signedEarlier: boolean;
}

export interface AgreementListProps {
  items: AgreementItem[];
  timeZone: string;
  locale: string;
  banner?: string | null;
}

export function AgreementList(p: AgreementListProps) {
  return (
    <section aria-labelledby="agreements-heading">
      <h1 id="agreements-heading">Agreements</h1>
      <Notice text={p.banner} />
      {p.items.length === 0 ? (
        <p class="empty">Nothing to sign. The business has no agreements for you.</p>
      ) : (
        <ul class="appts agreements">
          {p.items.map((a) => (
            <li>
              <a href={a.href}>
                <span class="what">{a.title}</span>
                <span class="when">Version {a.version}</span>
                {a.signedAt ? (
                  <span class="status s-confirmed">Signed on {formatDate(a.signedAt, p.timeZone, p.locale)}</span>
                ) : (
                  <span class="status s-requested">{a.signedEarlier ? 'To sign (new version)' : 'To sign'}</span>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
