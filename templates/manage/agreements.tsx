/**
 * Agreement templates in the console (issue 14 item 2): the list (newest version, who signed it,
 * who still has to), a new agreement, and one agreement's page — its text as parents read it,
 * who must sign and whether booking waits, "Publish a new version" (a new row; everyone affected
 * is asked again), every version, the clients still asked, and each signature with a link to its
 * signed copy. Owners change things; staff read.
 */
import type { AgreementField, AudienceServiceType } from '../../src/domain/agreement-text';
import { AGREEMENT_TEXT_MAX, AGREEMENT_TITLE_MAX, SERVICE_AUDIENCE } from '../../src/domain/agreement-text';
import { serviceTypeLabel } from '../appointments/labels';
import { Choices } from '../booking/steps';
import { AgreementText } from '../components/agreement-text';
import { Field, FieldError } from '../components/field';
import { Notice } from '../components/notice';

export interface AgreementListRow {
  href: string;
  title: string;
  version: number;
  published: string;
  audience: string;
  blocksBooking: boolean;
  signed: number;
  waiting: number;
}

export interface AgreementFormValues {
  key: string;
  title: string;
  text: string;
  who: 'all' | 'services';
  services: AudienceServiceType[];
  blocksBooking: boolean;
}

export type AgreementErrors = Partial<Record<AgreementField, string>>;

/** "Every client" or "Clients of grooming, training". */
export function audienceWords(types: AudienceServiceType[] | null): string {
  return types ? `Clients of ${types.map((t) => serviceTypeLabel(t).toLowerCase()).join(', ')}` : 'Every client';
}

const MARKUP_HINT =
  'Plain text. Leave a blank line between paragraphs; start a line with # for a heading, ## for a smaller one, - for a list item or 1. for a numbered one. HTML is not allowed.';

function TextArea(p: { id: string; name: string; label: string; value: string; error?: string; rows?: number }) {
  const hintId = `${p.id}-hint`;
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      <p class="hint" id={hintId}>
        {MARKUP_HINT}
      </p>
      <textarea
        id={p.id}
        name={p.name}
        rows={p.rows ?? 14}
        maxlength={AGREEMENT_TEXT_MAX}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${hintId} ${p.id}-error` : hintId}
      >
        {p.value}
      </textarea>
      <FieldError id={p.id} error={p.error} />
    </div>
  );
}

/** Who signs and whether booking waits: shared by the new-agreement form and the rules form. */
function AudienceFields(p: { values: AgreementFormValues; errors: AgreementErrors }) {
  const v = p.values;
  return (
    <>
      <Choices
        name="who"
        legend="Who must sign"
        type="radio"
        error={p.errors.appliesTo}
        options={[
          { value: 'all', label: 'Every client', checked: v.who === 'all' },
          { value: 'services', label: 'Only clients of the services ticked below', checked: v.who === 'services' },
        ]}
      />
      <Choices
        name="services"
        legend="Services (when not every client)"
        type="checkbox"
        options={SERVICE_AUDIENCE.map((t) => ({ value: t, label: serviceTypeLabel(t), checked: v.services.includes(t) }))}
      />
      <label class="choice">
        <input type="checkbox" name="blocksBooking" value="1" checked={v.blocksBooking} /> Online booking waits until the client has signed the newest version
      </label>
    </>
  );
}

export function AgreementList(p: {
  businessId: string;
  rows: AgreementListRow[];
  isOwner: boolean;
  values: AgreementFormValues;
  errors: AgreementErrors;
  notice?: string | null;
}) {
  return (
    <section aria-labelledby="agreements-heading">
      <h1 id="agreements-heading">Agreements</h1>
      <Notice text={p.notice} />
      {p.rows.length === 0 ? <p>No agreements yet. Clients are asked to sign each one in the portal.</p> : null}
      <ul class="settings-list">
        {p.rows.map((r) => (
          <li class="card">
            <a href={r.href}>
              <strong>{r.title}</strong>
            </a>{' '}
            · version {r.version}, published {r.published}
            <br />
            <span class="muted small">
              {r.audience}
              {r.blocksBooking ? ' · online booking waits for it' : ''} · {r.signed} signed the newest version · {r.waiting} still to sign
            </span>
          </li>
        ))}
      </ul>
      {p.isOwner ? (
        <form method="post" action={`/manage/${p.businessId}/agreements`} class="card" novalidate>
          <h2>New agreement</h2>
          <input type="hidden" name="key" value={p.values.key} />
          <Field id="title" name="title" label="Title" value={p.values.title} error={p.errors.title} maxlength={AGREEMENT_TITLE_MAX} />
          <TextArea id="text" name="text" label="Text clients read and sign" value={p.values.text} error={p.errors.text} />
          <AudienceFields values={p.values} errors={p.errors} />
          <button type="submit">Publish version 1</button>
        </form>
      ) : (
        <p class="muted">Only an owner can add or change agreements.</p>
      )}
    </section>
  );
}

export interface VersionRow {
  version: number;
  published: string;
  signatures: number;
}

export interface SignatureRow {
  href: string;
  clientName: string;
  signerName: string;
  method: string;
  version: number;
  when: string;
}

export function AgreementPage(p: {
  businessId: string;
  agreementId: string;
  title: string;
  audience: string;
  blocksBooking: boolean;
  newest: { version: number; published: string; text: string };
  versions: VersionRow[];
  signatures: SignatureRow[];
  signatureLimit: number;
  waiting: { name: string; href: string }[];
  waitingLimit: number;
  isOwner: boolean;
  /** The "Publish a new version" form. */
  publish: { key: string; text: string; fromVersion: number; error?: string; formError?: string | null };
  rules: AgreementFormValues;
  rulesErrors: AgreementErrors;
  notice?: string | null;
}) {
  const base = `/manage/${p.businessId}/agreements/${p.agreementId}`;
  return (
    <section aria-labelledby="agreement-heading">
      <p>
        <a href={`/manage/${p.businessId}/agreements`}>← Agreements</a>
      </p>
      <h1 id="agreement-heading">{p.title}</h1>
      <Notice text={p.notice} />
      <p class="muted">
        Version {p.newest.version}, published {p.newest.published} · {p.audience}
        {p.blocksBooking ? ' · online booking waits for it' : ''}
      </p>
      <AgreementText text={p.newest.text} id="agreement-text" />

      <h2 id="waiting-heading">Still to sign version {p.newest.version}</h2>
      {p.waiting.length === 0 ? <p>Everyone who must sign it has signed.</p> : null}
      {p.waiting.length >= p.waitingLimit ? <p class="muted">The first {p.waitingLimit}, by last name.</p> : null}
      <ul aria-labelledby="waiting-heading" class="plain-list">
        {p.waiting.map((w) => (
          <li>
            <a href={w.href}>{w.name}</a>
          </li>
        ))}
      </ul>

      <h2 id="signatures-heading">Signatures</h2>
      {p.signatures.length === 0 ? <p>Nobody has signed yet.</p> : null}
      {p.signatures.length >= p.signatureLimit ? <p class="muted">The {p.signatureLimit} most recent.</p> : null}
      <ul aria-labelledby="signatures-heading" class="settings-list">
        {p.signatures.map((s) => (
          <li class="card">
            <a href={s.href}>{s.clientName}</a> · version {s.version} · {s.when}
            <br />
            <span class="muted small">
              {s.method} by {s.signerName}
            </span>
          </li>
        ))}
      </ul>

      <h2 id="versions-heading">Versions</h2>
      <ol aria-labelledby="versions-heading" class="plain-list" reversed>
        {p.versions.map((v) => (
          <li>
            Version {v.version}, published {v.published} · {v.signatures} {v.signatures === 1 ? 'signature' : 'signatures'}
          </li>
        ))}
      </ol>

      {p.isOwner ? (
        <>
          <form method="post" action={`${base}/versions`} class="card" novalidate id="publish">
            <h2>Publish a new version</h2>
            <p class="hint">
              Versions are never changed once published. A new version asks every client who must sign to sign again; their earlier signatures stay on record.
            </p>
            <input type="hidden" name="key" value={p.publish.key} />
            <input type="hidden" name="fromVersion" value={String(p.publish.fromVersion)} />
            {p.publish.formError ? (
              <p class="error" role="alert" id="publish-error">
                {p.publish.formError}
              </p>
            ) : null}
            <TextArea id="text" name="text" label={`Text of version ${p.publish.fromVersion + 1}`} value={p.publish.text} error={p.publish.error} />
            <button type="submit">Publish version {p.publish.fromVersion + 1}</button>
          </form>
          <form method="post" action={`${base}/rules`} class="card" novalidate id="rules">
            <h2>Title and who must sign</h2>
            <Field id="rules-title" name="title" label="Title" value={p.rules.title} error={p.rulesErrors.title} maxlength={AGREEMENT_TITLE_MAX} />
            <AudienceFields values={p.rules} errors={p.rulesErrors} />
            <button type="submit">Save</button>
          </form>
        </>
      ) : null}
    </section>
  );
}
