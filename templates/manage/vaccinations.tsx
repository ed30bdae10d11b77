/**
 * Vaccination certificates in the console (issue 14 item 5): the uploads waiting for a check
 * (oldest first) and those decided lately; one upload's review — the certificate beside the
 * vaccines the parent typed (a photo inline, a PDF in a frame with a download link), the rows
 * staff may correct, Accept, and Reject with the reason the parent will see. A decided upload
 * is shown read-only. Pure: everything comes formatted in props.
 */
import type { EntryErrors, EntryValue } from '../../src/domain/vaccination-upload';
import { EntryRow } from '../pets/vaccination-upload';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface UploadListItem {
  id: string;
  href: string;
  petName: string;
  clientName: string;
  when: string;
  outcome: string | null;
}

function UploadTable(p: { rows: UploadListItem[]; whenLabel: string; withOutcome?: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Pet</th>
          <th scope="col">Client</th>
          <th scope="col">{p.whenLabel}</th>
          {p.withOutcome ? <th scope="col">Outcome</th> : null}
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr id={`upload-${r.id}`}>
            <td>
              <a href={r.href}>{r.petName}</a>
            </td>
            <td>{r.clientName}</td>
            <td>{r.when}</td>
            {p.withOutcome ? <td>{r.outcome}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VaccinationUploadList(p: { waiting: UploadListItem[]; decided: UploadListItem[]; waitingLimit: number; notice?: string | null }) {
  return (
    <section aria-labelledby="vaccinations-heading">
      <h1 id="vaccinations-heading">Vaccination certificates</h1>
      <Notice text={p.notice} />
      <h2>Waiting for a check</h2>
      {p.waiting.length ? (
        <>
          <UploadTable rows={p.waiting} whenLabel="Uploaded" />
          {p.waiting.length >= p.waitingLimit ? <p class="muted small">The {p.waitingLimit} oldest are shown: check them first.</p> : null}
        </>
      ) : (
        <p class="empty">Nothing to check: parents’ new certificates appear here.</p>
      )}
      {p.decided.length ? (
        <>
          <h2>Decided lately</h2>
          <UploadTable rows={p.decided} whenLabel="Decided" withOutcome />
        </>
      ) : null}
    </section>
  );
}

export interface UploadReviewProps {
  listHref: string;
  petName: string;
  clientName: string;
  uploaded: string;
  /** Null while pending; otherwise what was decided, by whom and when. */
  decided: string | null;
  document: { href: string; downloadHref: string; kind: 'image' | 'heic' | 'pdf' };
  acceptAction: string;
  rejectAction: string;
  rows: EntryValue[];
  errors: EntryErrors & { reason?: string; form?: string };
  reason: string;
  earliest: string;
  latest: string;
  onRecord: { name: string; expires: string; verified: boolean }[];
}

function Document(p: UploadReviewProps['document']) {
  if (p.kind === 'pdf') {
    return (
      <>
        <iframe src={p.href} title="The certificate (PDF)" width="100%" height="640" />
        <p>
          <a href={p.downloadHref}>Download the PDF</a> if it does not show here.
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <a href={p.href}>
          <img src={p.href} alt="The certificate as uploaded" width="560" decoding="async" />
        </a>
      </p>
      {p.kind === 'heic' ? <p class="hint">An HEIC photo: only some browsers (Safari) show it here.</p> : null}
      <p>
        <a href={p.downloadHref}>Download the photo</a>
      </p>
    </>
  );
}

export function VaccinationUploadReview(p: UploadReviewProps) {
  const e = p.errors;
  return (
    <section aria-labelledby="review-heading">
      <p>
        <a href={p.listHref}>← All certificates</a>
      </p>
      <h1 id="review-heading">
        Vaccination certificate · {p.petName} ({p.clientName})
      </h1>
      <p class="muted">Uploaded {p.uploaded}</p>
      {p.decided ? <Notice text={p.decided} /> : null}
      {e.form ? (
        <p class="error" role="alert" id="review-form-error">
          {e.form}
        </p>
      ) : null}
      {/* Two columns without any stylesheet rule: the certificate, and what the parent typed. */}
      <table role="presentation">
        <tbody>
          <tr>
            <td>
              <h2>The certificate</h2>
              <Document {...p.document} />
            </td>
            <td>
              <h2>What the parent typed</h2>
              {p.decided ? (
                <ul>
                  {p.rows
                    .filter((r) => r.name)
                    .map((r) => (
                      <li>
                        {r.name} · expires {r.expiresOn}
                      </li>
                    ))}
                </ul>
              ) : (
                <>
                  <form method="post" action={p.acceptAction} class="card" novalidate>
                    <p class="hint">Correct anything that does not match the certificate, then accept: {p.petName}’s record is updated.</p>
                    {e.entries ? (
                      <p class="error" id="entries-error" role="alert">
                        {e.entries}
                      </p>
                    ) : null}
                    {p.rows.map((row, index) => (
                      <EntryRow index={index + 1} row={row} errors={e} earliest={p.earliest} latest={p.latest} idPrefix="review" />
                    ))}
                    <p class="actions">
                      <button type="submit">Accept</button>
                    </p>
                  </form>
                  <form method="post" action={p.rejectAction} class="card" novalidate>
                    <Field
                      id="reject-reason"
                      name="reason"
                      label="Reason for not accepting (the parent sees it)"
                      value={p.reason}
                      error={e.reason}
                      maxlength={300}
                      multiline
                    />
                    <p class="actions">
                      <button type="submit" class="secondary">
                        Reject
                      </button>
                    </p>
                  </form>
                </>
              )}
              <h2>On {p.petName}’s record now</h2>
              {p.onRecord.length ? (
                <ul>
                  {p.onRecord.map((v) => (
                    <li>
                      {v.name} · {v.expires}
                      {v.verified ? ' · verified' : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="empty">No vaccinations on record.</p>
              )}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
