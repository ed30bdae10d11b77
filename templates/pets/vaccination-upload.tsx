/**
 * Vaccination certificates in the portal (issue 14 item 5): the form "Upload a vaccination
 * certificate" (the file plus a fixed few rows of vaccine + expiry, so it works without JS; it
 * is shown again with what was typed and each field's message, the file asked for again), and
 * the pet page's list of uploads with their outcome — waiting for the business, verified, or
 * not accepted with the business's reason. Pure: dates come formatted in props.
 */
import type { EntryErrors, EntryValue } from '../../src/domain/vaccination-upload';
import { entryField } from '../../src/domain/vaccination-upload';
import { Field } from '../components/field';

export interface VaccinationUploadFormProps {
  action: string;
  backHref: string;
  petName: string;
  businessName: string;
  /** One per form: a double tap or a resend saves one upload. */
  submissionKey: string;
  rows: EntryValue[];
  errors: EntryErrors & { file?: string };
  maxMb: number;
  /** Bounds of the date inputs (YYYY-MM-DD). */
  earliest: string;
  latest: string;
}

export function VaccinationUploadForm(p: VaccinationUploadFormProps) {
  const errorCount = Object.keys(p.errors).length;
  return (
    <section class="card" aria-labelledby="upload-heading">
      <p>
        <a href={p.backHref}>← Back to {p.petName}</a>
      </p>
      <h1 id="upload-heading">Upload a vaccination certificate</h1>
      <p>
        A photo of {p.petName}’s certificate or its PDF, and what it says: {p.businessName} checks it against what you type, then updates {p.petName}’s record.
      </p>
      {errorCount ? (
        <p class="error" role="alert">
          Please check {errorCount === 1 ? 'the field' : `the ${errorCount} fields`} marked below. Nothing was saved.
        </p>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="key" value={p.submissionKey} />
        <Field
          id="certificate-file"
          name="file"
          label="The certificate"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
          hint={`A photo (JPEG, PNG, WebP or HEIC) or a PDF, up to ${p.maxMb} MB.`}
          error={p.errors.file}
          hx={{ 'data-max-bytes': String(p.maxMb * 1024 * 1024) }}
        />
        <fieldset>
          <legend>The vaccines on it</legend>
          <p class="hint">One vaccine per row, with the expiry date printed next to it. Leave the rows you do not need empty.</p>
          {p.errors.entries ? (
            <p class="error" id="entries-error" role="alert">
              {p.errors.entries}
            </p>
          ) : null}
          {p.rows.map((row, index) => (
            <EntryRow index={index + 1} row={row} errors={p.errors} earliest={p.earliest} latest={p.latest} />
          ))}
        </fieldset>
        <p class="actions">
          <button type="submit">Upload</button> <a href={p.backHref}>Cancel</a>
        </p>
      </form>
    </section>
  );
}

/** One vaccine row (also the console's review form). */
export function EntryRow(p: { index: number; row: EntryValue; errors: EntryErrors; earliest: string; latest: string; idPrefix?: string }) {
  const name = entryField('name', p.index);
  const expires = entryField('expires', p.index);
  const id = (field: string) => `${p.idPrefix ?? 'vaccine'}-${field}`;
  return (
    <div class="entry-row">
      <Field id={id(name)} name={name} label={`Vaccine ${p.index}`} value={p.row.name} error={p.errors[name]} maxlength={60} autocomplete="off" />
      <Field
        id={id(expires)}
        name={expires}
        label={`Vaccine ${p.index} expires on`}
        type="date"
        value={p.row.expiresOn}
        error={p.errors[expires]}
        min={p.earliest}
        max={p.latest}
      />
    </div>
  );
}

export interface UploadView {
  id: string;
  uploaded: string;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string | null;
  /** "Rabies (expires Jan 5, 2027), DHPP (…)" */
  summary: string;
}

/** The pet page's certificates: each upload's outcome, and the way to upload one. */
export function VaccinationUploads(p: { uploads: UploadView[]; businessName: string; uploadHref: string }) {
  return (
    <section aria-labelledby="certificates-heading">
      <h2 id="certificates-heading">Vaccination certificates</h2>
      {p.uploads.length ? (
        <ul class="uploads">
          {p.uploads.map((u) => (
            <li id={`upload-${u.id}`}>
              Uploaded {u.uploaded}: {u.summary} ·{' '}
              {u.status === 'pending' ? (
                <span class="status s-requested">Waiting for {p.businessName} to check</span>
              ) : u.status === 'accepted' ? (
                <span class="status s-confirmed">Verified</span>
              ) : (
                <span class="status s-canceled">Not accepted: {u.reason}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={p.uploadHref}>Upload a vaccination certificate</a>
      </p>
    </section>
  );
}
