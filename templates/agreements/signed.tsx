/**
 * A signed copy (SPEC §9), printable: the text of the version signed, the drawn image or the
 * typed name, and the audit trail — signer, method, UTC time, IP, user agent, version and the
 * SHA-256 of the text. The print stylesheet hides the site chrome and the print button.
 */
import { AgreementText } from '../components/agreement-text';
import { Notice } from '../components/notice';

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
        <a href={p.backHref}>← Back to the agreement</a>
      </p>
      <Notice text={p.banner} />
      <h1 id="signed-heading">{p.title} — signed copy</h1>
      <p class="muted">Version {p.version}</p>
      <AgreementText text={p.body} />
      <h2>Signature</h2>
      {p.imageHref ? (
        <img class="signature-image" src={p.imageHref} width={300} height={100} alt={`Signature drawn by ${p.signerName}`} />
      ) : (
        <p class="typed-signature">{p.signerName}</p>
      )}
      <h2>Audit trail</h2>
      <dl class="facts audit">
        <dt>Signer</dt>
        <dd>{p.signerName}</dd>
        <dt>Method</dt>
        <dd>{p.method === 'drawn' ? 'Drawn signature' : 'Typed name'}</dd>
        <dt>Signed at (UTC)</dt>
        <dd>
          <time datetime={p.signedAtUtc}>{p.signedAtUtc}</time> ({p.signedAtLocal})
        </dd>
        <dt>IP address</dt>
        <dd>{p.ipAddress ?? 'Not recorded'}</dd>
        <dt>User agent</dt>
        <dd class="wrap">{p.userAgent ?? 'Not recorded'}</dd>
        <dt>Agreement version</dt>
        <dd>{p.version}</dd>
        <dt>SHA-256 of the text signed</dt>
        <dd class="wrap">
          <code>{p.textSha256}</code>
        </dd>
      </dl>
      <p class="hint no-print">Use your browser’s Print command to print or save this copy as a PDF.</p>
    </article>
  );
}
