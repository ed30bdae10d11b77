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
import { t, tx, viewLocale } from '../../src/i18n';

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
  const day = (d: Date) => formatDate(d, p.timeZone, viewLocale(p.locale));
  return (
    <section aria-labelledby="agreement-heading" class="agreement">
      <p>
        <a href={p.backHref}>{t('agreements.back')}</a>
      </p>
      <h1 id="agreement-heading">{p.title}</h1>
      <p class="muted">{t('agreements.version', { version: String(p.version) })}</p>
      <Notice text={p.banner} />
      {p.formError ? (
        <p class="error" role="alert" id="sign-error">
          {p.formError}
        </p>
      ) : null}
      <AgreementText text={p.body} id="agreement-text" />
      {p.signedHref && p.signedAt ? (
        <p class="notice">{tx('agreements.youSigned', { date: day(p.signedAt), link: <a href={p.signedHref}>{t('agreements.viewSignedCopy')}</a> })}</p>
      ) : (
        <SignForm {...p} />
      )}
      {p.earlier.length > 0 ? (
        <>
          <h2>{t('agreements.earlier')}</h2>
          <ul>
            {p.earlier.map((e) => (
              <li>
                <a href={e.href}>{t('agreements.earlierItem', { version: String(e.version), date: day(e.signedAt) })}</a>
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
      <h2>{t('agreements.sign')}</h2>
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
          {t('agreements.consent')}
        </label>
        <FieldError id="consent" error={p.errors.consent} />
      </div>
      <fieldset class={p.errors.signature ? 'invalid' : undefined} aria-describedby={p.errors.signature ? 'signature-error' : undefined}>
        <legend>{t('agreements.yourSignature')}</legend>
        <div class="signature-pad" data-signature-pad hidden>
          <p class="hint" id="pad-hint">
            {t('agreements.padHint')}
          </p>
          <canvas width={600} height={200} role="img" aria-label={t('agreements.pad')} aria-describedby="pad-hint"></canvas>
          <input type="hidden" name="drawn" value="" />
          <input type="hidden" name="pad" value="" />
          <button type="button" class="secondary" data-clear>
            {t('agreements.clear')}
          </button>
        </div>
        <Field
          id="typedName"
          name="typedName"
          label={t('agreements.typeName')}
          hint={p.signerName ? t('agreements.asOnFile', { name: p.signerName }) : undefined}
          value={p.typedName}
          autocomplete="name"
          maxlength={MAX_SIGNER_NAME}
        />
        <FieldError id="signature" error={p.errors.signature} />
      </fieldset>
      <div class="actions">
        <button type="submit">{t('agreements.signVersion', { version: String(p.version) })}</button>
      </div>
    </form>
  );
}
