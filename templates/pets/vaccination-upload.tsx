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
import { t } from '../../src/i18n';

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
        <a href={p.backHref}>{t('pets.backTo', { name: p.petName })}</a>
      </p>
      <h1 id="upload-heading">{t('pets.upload.title')}</h1>
      <p>{t('pets.upload.intro', { pet: p.petName, business: p.businessName })}</p>
      {errorCount ? (
        <p class="error" role="alert">
          {t('pets.upload.checkFields', { count: errorCount })}
        </p>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="key" value={p.submissionKey} />
        <Field
          id="certificate-file"
          name="file"
          label={t('pets.upload.file')}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf"
          hint={t('pets.upload.fileHint', { mb: p.maxMb })}
          error={p.errors.file}
          hx={{ 'data-max-bytes': String(p.maxMb * 1024 * 1024) }}
        />
        <fieldset>
          <legend>{t('pets.upload.vaccines')}</legend>
          <p class="hint">{t('pets.upload.vaccinesHint')}</p>
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
          <button type="submit">{t('pets.upload.submit')}</button> <a href={p.backHref}>{t('pets.cancel')}</a>
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
      <Field
        id={id(name)}
        name={name}
        label={t('pets.upload.vaccine', { index: p.index })}
        value={p.row.name}
        error={p.errors[name]}
        maxlength={60}
        autocomplete="off"
      />
      <Field
        id={id(expires)}
        name={expires}
        label={t('pets.upload.vaccineExpires', { index: p.index })}
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
  /** "Rabies (expires Jan 5, 2027), DHPP (…)", in the reader's language. */
  summary: string;
}

/** The pet page's certificates: each upload's outcome, and the way to upload one. */
export function VaccinationUploads(p: { uploads: UploadView[]; businessName: string; uploadHref: string }) {
  return (
    <section aria-labelledby="certificates-heading">
      <h2 id="certificates-heading">{t('pets.upload.list')}</h2>
      {p.uploads.length ? (
        <ul class="uploads">
          {p.uploads.map((u) => (
            <li id={`upload-${u.id}`}>
              {t('pets.upload.uploaded', { date: u.uploaded, summary: u.summary })}
              {u.status === 'pending' ? (
                <span class="status s-requested">{t('pets.upload.pending', { business: p.businessName })}</span>
              ) : u.status === 'accepted' ? (
                <span class="status s-confirmed">{t('pets.upload.accepted')}</span>
              ) : (
                <span class="status s-canceled">{t('pets.upload.rejected', { reason: u.reason ?? '' })}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={p.uploadHref}>{t('pets.upload.title')}</a>
      </p>
    </section>
  );
}
