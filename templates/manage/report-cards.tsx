/**
 * Report cards in the console (SPEC §7, §11): the list of the business's drafts and recently sent
 * cards, and the one form to write, edit, send or correct a card — its notes, its photos (each
 * with a "remove" box) and a file input taking several photos at once. A plain multipart form:
 * it works without JavaScript. View models in, markup out.
 */
import {
  REPORT_FIELD_LABEL,
  REPORT_FIELD_MAX,
  REPORT_FIELDS,
  type ReportCardErrors,
  type ReportCardValues,
  type ReportField,
} from '../../src/domain/report-card-form';
import { Field, FieldError } from '../components/field';
import { Notice } from '../components/notice';

export interface CardListRow {
  id: string;
  href: string;
  petName: string;
  clientName: string;
  when: string;
  mood: string | null;
}

export function ReportCardList(p: { drafts: CardListRow[]; sent: CardListRow[]; sentLimit: number; notice?: string | null }) {
  const rows = (list: CardListRow[], empty: string) =>
    list.length === 0 ? (
      <p class="muted">{empty}</p>
    ) : (
      <ul class="settings-list">
        {list.map((r) => (
          <li id={`card-${r.id}`} class="card">
            <a href={r.href}>
              {r.petName} · {r.clientName}
            </a>
            <br />
            <span class="muted small">
              {r.when}
              {r.mood ? ` · ${r.mood}` : ''}
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <section aria-labelledby="cards-heading">
      <h1 id="cards-heading">Report cards</h1>
      <Notice text={p.notice} />
      <p class="muted">Write a card from a client’s page: each pet has a “Write a report card” link.</p>
      <h2>Drafts</h2>
      <p class="muted small">Parents never see a draft.</p>
      {rows(p.drafts, 'No drafts.')}
      <h2>Recently sent</h2>
      {p.sent.length >= p.sentLimit ? <p class="muted small">The {p.sentLimit} most recently sent.</p> : null}
      {rows(p.sent, 'No report cards sent yet.')}
    </section>
  );
}

export interface CardPhotoView {
  id: string;
  thumbHref: string;
  label: string;
  removeChecked: boolean;
}

export interface ReportCardFormView {
  action: string;
  backHref: string;
  backLabel: string;
  petName: string;
  clientName: string;
  appointmentLabel: string | null;
  /** A new card's appointment, carried in the form. */
  appointmentId?: string | null;
  /** A new card's submission key (its id to be): a double tap or a resend saves one card. */
  submissionKey?: string;
  /** When it was sent (a sent card is corrected, never unsent); null for a draft or a new card. */
  sentLabel: string | null;
  values: ReportCardValues;
  errors: ReportCardErrors;
  photos: CardPhotoView[];
  maxPhotoMb: number;
  maxBodyMb: number;
  maxPhotos: number;
  notice?: string | null;
}

const MULTILINE: Record<ReportField, boolean> = { mood: false, activities: true, eating: true, potty: true, staffComment: true };

export function ReportCardForm(p: ReportCardFormView) {
  const e = p.errors;
  const sent = p.sentLabel !== null;
  return (
    <section aria-labelledby="card-heading">
      <p>
        <a href={p.backHref}>← {p.backLabel}</a>
      </p>
      <h1 id="card-heading">
        Report card for {p.petName} <span class="muted">({p.clientName})</span>
      </h1>
      <Notice text={p.notice} />
      <p id="card-state" class="muted">
        {sent
          ? `Sent ${p.sentLabel}. Changes you save here replace what the parent sees; a sent card cannot be unsent.`
          : 'Draft: the parent sees it only when you send it.'}
        {p.appointmentLabel ? ` For ${p.appointmentLabel}.` : ''}
      </p>
      {e.form ? (
        <p class="error" role="alert" id="form-error">
          {e.form}
        </p>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" class="card" novalidate data-upload-progress>
        {p.appointmentId ? <input type="hidden" name="appointment" value={p.appointmentId} /> : null}
        {p.submissionKey ? <input type="hidden" name="key" value={p.submissionKey} /> : null}
        {REPORT_FIELDS.map((f) => (
          <Field
            id={`card-${f}`}
            name={f}
            label={`${REPORT_FIELD_LABEL[f]} (optional)`}
            value={p.values[f]}
            error={e[f]}
            maxlength={REPORT_FIELD_MAX[f]}
            multiline={MULTILINE[f]}
          />
        ))}
        {p.photos.length ? (
          <fieldset>
            <legend>Photos on this card</legend>
            <ul class="card-photos">
              {p.photos.map((photo) => (
                <li>
                  <img src={photo.thumbHref} alt={photo.label} loading="lazy" width="96" />
                  <label class="choice">
                    <input type="checkbox" name="remove" value={photo.id} checked={photo.removeChecked} /> Remove {photo.label.toLowerCase()}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <div class={e.photos ? 'field invalid' : 'field'}>
          <label for="card-photos">Add photos (optional)</label>
          <p class="hint" id="card-photos-hint">
            Choose several at once. JPEG, PNG or WebP (not HEIC), at most {p.maxPhotoMb} MB each and {p.maxPhotos} on a card; everything sent at once must stay
            under {p.maxBodyMb} MB.
          </p>
          <input
            id="card-photos"
            name="photos"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp"
            aria-invalid={e.photos ? 'true' : undefined}
            aria-describedby={e.photos ? 'card-photos-hint card-photos-error' : 'card-photos-hint'}
          />
          <FieldError id="card-photos" error={e.photos} />
          {/* With JS (static/app-*.js): the photos chosen, each with Remove, before anything is sent. */}
          <ul class="chosen-photos" data-chosen-photos hidden />
        </div>
        {/* With JS: how much of the form has been sent, while it uploads. */}
        <p class="upload-progress" data-upload-status hidden>
          <label>
            Sending <progress max="100" value="0" /> <span data-upload-percent>0 %</span>
          </label>
        </p>
        <p class="actions">
          {sent ? (
            <button type="submit" name="intent" value="correct">
              Save correction
            </button>
          ) : (
            <>
              <button type="submit" name="intent" value="draft" class="secondary">
                Save draft
              </button>{' '}
              <button type="submit" name="intent" value="send">
                Send to the parent
              </button>
            </>
          )}
        </p>
      </form>
    </section>
  );
}
