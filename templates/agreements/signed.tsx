/**
 * A signed copy (SPEC §9), printable: the text of the version signed, the drawn image or the
 * typed name, and the audit trail — signer, method, UTC time, IP, user agent, version and the
 * SHA-256 of the text. The print stylesheet hides the site chrome and the print button.
 */
import { AgreementText } from '../components/agreement-text';
import { Notice } from '../components/notice';
import { t } from '../../src/i18n';

export interface SignedCopyProps {
  backHref: string;
  title: string;
  version: number;
  body: string;
  signerName: string;
  method: 'drawn' | 'typed';
  imageHref: string | null;
  textSha256: string;
  signedAtUtc: string;
  signedAtLocal: string;
  ipAddress: string | null;
  userAgent: string | null;
  banner?: string | null;
}

export function SignedCopy(p: SignedCopyProps) {
  return (
    <article aria-labelledby="signed-heading" class="agreement signed-copy">
      <p class="no-print">
        <a href={p.backHref}>{t('agreements.backToAgreement')}</a>
      </p>
      <Notice text={p.banner} />
      <h1 id="signed-heading">{t('agreements.signedCopyHeading', { title: p.title })}</h1>
      <p class="muted">{t('agreements.version', { version: String(p.version) })}</p>
      <AgreementText text={p.body} />
      <h2>{t('agreements.signature')}</h2>
      {p.imageHref ? (
        <img class="signature-image" src={p.imageHref} width={300} height={100} alt={t('agreements.drawnBy', { name: p.signerName })} />
      ) : (
        <p class="typed-signature">{p.signerName}</p>
      )}
      <h2>{t('agreements.audit')}</h2>
      <dl class="facts audit">
        <dt>{t('agreements.audit.signer')}</dt>
        <dd>{p.signerName}</dd>
        <dt>{t('agreements.audit.method')}</dt>
        <dd>{p.method === 'drawn' ? t('agreements.audit.drawn') : t('agreements.audit.typed')}</dd>
        <dt>{t('agreements.audit.signedAt')}</dt>
        <dd>
          <time datetime={p.signedAtUtc}>{p.signedAtUtc}</time> ({p.signedAtLocal})
        </dd>
        <dt>{t('agreements.audit.ip')}</dt>
        <dd>{p.ipAddress ?? t('agreements.audit.notRecorded')}</dd>
        <dt>{t('agreements.audit.userAgent')}</dt>
        <dd class="wrap">{p.userAgent ?? t('agreements.audit.notRecorded')}</dd>
        <dt>{t('agreements.audit.version')}</dt>
        <dd>{p.version}</dd>
        <dt>{t('agreements.audit.sha')}</dt>
        <dd class="wrap">
          <code>{p.textSha256}</code>
        </dd>
      </dl>
      <p class="hint no-print">{t('agreements.printHint')}</p>
    </article>
  );
}
