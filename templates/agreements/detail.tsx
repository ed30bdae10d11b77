/**
 * One agreement (SPEC §9): the full text of its newest version, then either the link to the
 * signed copy or the sign form — consent, a drawn signature (the pad appears only with JS:
 * static/app-*.js unhides it and fills the hidden `drawn` field), or the typed full name,
 * which is always there and the only way without JS. The form carries the version id and the
 * SHA-256 of the exact text shown, so a newer version is never signed unseen.
 */
import { formatDate } from '../../src/domain/time';
import type { SignFormErrors } from '../../src/domain/signature';
import { MAX_SIGNER_NAME } from '../../src/domain/signature';
import { Field, FieldError } from '../components/field';
import { Notice } from '../components/notice';
import { AgreementText } from '../components/agreement-text';

export interface AgreementDetailProps {
  backHref: string;
  action: string;
  title: string;
  versionId: string;
  version: number;
  body: string;
  textSha256: string;
  /** The signed copy of this version, when signed. */
  signedHref: string | null;
  signedAt: Date | null;
  /** Copies of earlier versions this client signed. */
  earlier: { href: string; version: number; signedAt: Date }[];
  timeZone: string;
  locale: string;
  banner?: string | null;
  /** A refusal of the whole form (changed version, already signed). */
  formError?: string | null;
  typedName: string;
  /** The client's full name on file, which a typed signature must match. */
  signerName?: string;
  consent: boolean;
  errors: SignFormErrors;
}

export function AgreementDetail(p: AgreementDetailProps) {
  const day = (d: Date) => formatDate(d, p.timeZone, p.locale);
  return (
    <section aria-labelledby="agreement-heading" class="agreement">
      <p>
        <a href={p.backHref}>← Agreements</a>
      </p>
      <h1 id="agreement-heading">{p.title}</h1>
      <p class="muted">Version {p.version}</p>
      <Notice text={p.banner} />
      {p.formError ? (
        <p class="error" role="alert" id="sign-error">
          {p.formError}
        </p>
      ) : null}
      <AgreementText text={p.body} id="agreement-text" />
      {p.signedHref && p.signedAt ? (
        <p class="notice">
          You signed this version on {day(p.signedAt)}. <a href={p.signedHref}>View or print the signed copy</a>
        </p>
      ) : (
        <SignForm {...p} />
      )}
      {p.earlier.length > 0 ? (
        <>
          <h2>Earlier signatures</h2>
          <ul>
            {p.earlier.map((e) => (
              <li>
                <a href={e.href}>
                  Version {e.version}, signed on {day(e.signedAt)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function SignForm(p: AgreementDetailProps) {
  return (
    <form method="post" action={p.action} class="sign-form">
      <h2>Sign</h2>
      <input type="hidden" name="versionId" value={p.versionId} />
      <input type="hidden" name="textSha256" value={p.textSha256} />
      <div class={p.errors.consent ? 'field invalid' : 'field'}>
        <label class="choice" for="consent">
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="yes"
            checked={p.consent}
            required
            aria-invalid={p.errors.consent ? 'true' : undefined}
            aria-describedby={p.errors.consent ? 'consent-error' : undefined}
          />
          I agree to sign electronically
        </label>
        <FieldError id="consent" error={p.errors.consent} />
      </div>
      <fieldset class={p.errors.signature ? 'invalid' : undefined} aria-describedby={p.errors.signature ? 'signature-error' : undefined}>
        <legend>Your signature</legend>
        <div class="signature-pad" data-signature-pad hidden>
          <p class="hint" id="pad-hint">
            Draw your signature with your finger or mouse, or type your full name below.
          </p>
          <canvas width={600} height={200} role="img" aria-label="Signature pad" aria-describedby="pad-hint"></canvas>
          <input type="hidden" name="drawn" value="" />
          <input type="hidden" name="pad" value="" />
          <button type="button" class="secondary" data-clear>
            Clear
          </button>
        </div>
        <Field
          id="typedName"
          name="typedName"
          label="Type your full name"
          hint={p.signerName ? `As the business has it: ${p.signerName}` : undefined}
          value={p.typedName}
          autocomplete="name"
          maxlength={MAX_SIGNER_NAME}
        />
        <FieldError id="signature" error={p.errors.signature} />
      </fieldset>
      <div class="actions">
        <button type="submit">Sign version {p.version}</button>
      </div>
    </form>
  );
}
