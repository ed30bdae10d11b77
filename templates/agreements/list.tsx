/**
 * The agreements the business asks the client to sign (SPEC §9): each with its newest
 * version and status — "To sign", or "Signed on <date>" when that version is signed.
 */
import { formatDate } from '../../src/domain/time';
import { Notice } from '../components/notice';
import { t, viewLocale } from '../../src/i18n';

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
      <h1 id="agreements-heading">{t('agreements.title')}</h1>
      <Notice text={p.banner} />
      {p.items.length === 0 ? (
        <p class="empty">{t('agreements.empty')}</p>
      ) : (
        <ul class="appts agreements">
          {p.items.map((a) => (
            <li>
              <a href={a.href}>
                <span class="what">{a.title}</span>
                <span class="when">{t('agreements.version', { version: String(a.version) })}</span>
                {a.signedAt ? (
                  <span class="status s-confirmed">{t('agreements.signedOn', { date: formatDate(a.signedAt, p.timeZone, viewLocale(p.locale)) })}</span>
                ) : (
                  <span class="status s-requested">{a.signedEarlier ? t('agreements.toSignNewVersion') : t('agreements.toSign')}</span>
                )}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
