/**
 * "Your data" (`/account/export.html`): everything in the parent's data export (the same
 * document as the JSON file, docs/data-export.md), for a person to read and print — the account,
 * then per business the details on file, pets with vaccinations, appointments, signed agreements
 * with their audit trail and signature image, report cards with photo thumbnails, store credit,
 * packages, memberships and classes. Lists only (no tables), so it reads at 360 px; the print
 * stylesheet hides the site chrome and the `.no-print` links. Images come from the portal's own
 * access-checked routes. Also "Your data" on the account page: the two download links.
 */
import type { ExportAppointment, ExportBusiness, ExportDocument, ExportPet, ExportReportCard, ExportSignature } from '../../src/db/queries/data-export';
import { formatDate, formatDateTimeRange, formatTime, timeZoneLabel } from '../../src/domain/time';
import { formatMoney } from '../../src/domain/money';
import { formatWeight, weightUnitFor, type WeightUnit } from '../../src/domain/pet-form';
import { serviceTypeLabel } from '../appointments/labels';
import { AgreementText } from '../components/agreement-text';
import { thumbSize } from '../report-cards/list';
import type { ServiceType } from '../../src/db/schema';
import type { Child } from 'hono/jsx';

export const EXPORT_JSON_HREF = '/account/export.json';
export const EXPORT_HTML_HREF = '/account/export.html';

/** The account page's "Your data" section: plain links, no JavaScript needed. */
export function YourDataSection() {
  return (
    <>
      <h2 id="your-data-heading">Your data</h2>
      <p>Download everything Pawtal holds about you at each business: your details, pets, appointments, signed agreements, report cards and store credit.</p>
      <ul class="links" aria-labelledby="your-data-heading">
        <li>
          <a href={EXPORT_JSON_HREF} download hx-boost="false">
            Download your data (JSON file)
          </a>
        </li>
        <li>
          <a href={EXPORT_HTML_HREF}>Your data as a printable page</a>
        </li>
      </ul>
    </>
  );
}

interface Fmt {
  tz: string;
  locale: string;
  currency: string;
  weightUnit: WeightUnit;
}

function day(isoString: string, f: Fmt): string {
  return formatDate(new Date(isoString), f.tz, f.locale);
}

/** A calendar date (`YYYY-MM-DD`) as the business writes it. */
function calendarDay(date: string, f: Fmt): string {
  return formatDate(new Date(`${date}T12:00:00Z`), 'UTC', f.locale);
}

function Fact({ term, value, pre }: { term: string; value: string | number | null | undefined; pre?: boolean }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{term}</dt>
      <dd class={pre ? 'pre' : undefined}>{value}</dd>
    </>
  );
}

function yesNo(v: boolean | null): string | null {
  return v === null ? null : v ? 'Yes' : 'No';
}

const VACCINATION_STATE: Record<string, string> = {
  valid: 'valid',
  expiring: 'expires soon',
  expired: 'expired',
  no_expiry: 'no expiry date',
};

function Pet({ pet, f }: { pet: ExportPet; f: Fmt }) {
  return (
    <li class="card">
      <h4>{pet.name}</h4>
      {pet.photoThumbnailUrl ? (
        <p>
          <a href={pet.photoUrl ?? pet.photoThumbnailUrl} hx-boost="false">
            <img class="pet-photo" src={pet.photoThumbnailUrl} alt={`${pet.name} (full size)`} width={56} height={56} loading="lazy" />
          </a>
        </p>
      ) : null}
      <dl class="facts">
        <Fact term="Species" value={pet.species} />
        <Fact term="Breed" value={pet.breed} />
        <Fact term="Sex" value={pet.sex} />
        <Fact term="Birthday" value={pet.birthday ? calendarDay(pet.birthday, f) : null} />
        <Fact term="Weight" value={pet.weightGrams ? formatWeight(pet.weightGrams, f.weightUnit, f.locale) : null} />
        <Fact term="Colour" value={pet.colour} />
        <Fact term="Spayed or neutered" value={yesNo(pet.spayedNeutered)} />
        <Fact term="Vet" value={[pet.vetName, pet.vetPhone].filter(Boolean).join(', ')} />
        <Fact term="Medications" value={pet.medications} pre />
        <Fact term="Feeding" value={pet.feeding} pre />
        <Fact term="Behaviour notes" value={pet.behaviourNotes} pre />
      </dl>
      <h5>Vaccinations</h5>
      {pet.vaccinations.length === 0 ? (
        <p class="empty">None on file.</p>
      ) : (
        <ul>
          {pet.vaccinations.map((v) => (
            <li>
              {v.name}: {v.expiresOn ? `expires ${calendarDay(v.expiresOn, f)}` : 'no expiry date'} ({VACCINATION_STATE[v.state]}
              {v.verified ? ', checked by the business against a certificate' : ''})
            </li>
          ))}
        </ul>
      )}
      {pet.vaccinationUploads.length > 0 ? (
        <>
          <h5>Certificates you uploaded</h5>
          <ul>
            {pet.vaccinationUploads.map((u) => (
              <li>
                {day(u.uploadedAt, f)}: {u.status}
                {u.rejectReason ? ` (${u.rejectReason})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

function lineText(l: { name: string; priceMinor: number; staff: string | null }, f: Fmt): string {
  return `${l.name}, ${formatMoney(l.priceMinor, f.currency, f.locale)}${l.staff ? `, with ${l.staff}` : ''}`;
}

function Appointment({ a, f }: { a: ExportAppointment; f: Fmt }) {
  const when = `${formatDateTimeRange(new Date(a.startsAt), new Date(a.endsAt), f.tz, f.locale)} ${timeZoneLabel(f.tz, new Date(a.startsAt), f.locale)}`;
  return (
    <li class="card">
      <p>
        <strong>
          <a href={a.url}>{serviceTypeLabel(a.serviceType as ServiceType)}</a>
        </strong>{' '}
        · {a.statusLabel}
      </p>
      <p>{when}</p>
      <ul>
        {a.pets.map((p) => (
          <li>
            {p.name}
            {p.services.length + p.addOns.length > 0 ? `: ${[...p.services, ...p.addOns].map((l) => lineText(l, f)).join('; ')}` : ''}
          </li>
        ))}
      </ul>
      <dl class="facts">
        <Fact term="Total" value={a.totalMinor > 0 ? formatMoney(a.totalMinor, f.currency, f.locale) : null} />
        <Fact
          term={a.onlinePayment?.kind === 'deposit' ? 'Deposit paid online' : 'Prepaid online'}
          value={a.onlinePayment ? formatMoney(a.onlinePayment.amountMinor, a.onlinePayment.currency, f.locale) : null}
        />
        <Fact term="Deposit asked" value={a.depositRequiredMinor ? formatMoney(a.depositRequiredMinor, f.currency, f.locale) : null} />
        <Fact term="Notes" value={a.notes} pre />
        <Fact term="Reason for canceling" value={a.cancelReason} pre />
      </dl>
    </li>
  );
}

function Signature({ s, f }: { s: ExportSignature; f: Fmt }) {
  return (
    <li class="card">
      <h4>
        {s.title} (version {s.version})
      </h4>
      <p class="no-print">
        <a href={s.signedCopyUrl}>Open the signed copy</a>
      </p>
      <AgreementText text={s.text} />
      {s.signatureImageUrl ? (
        <img class="signature-image" src={s.signatureImageUrl} width={300} height={100} alt={`Signature drawn by ${s.signerName}`} />
      ) : (
        <p class="typed-signature">{s.signerName}</p>
      )}
      <dl class="facts">
        <Fact term="Signer" value={s.signerName} />
        <Fact term="Method" value={s.method === 'drawn' ? 'Drawn signature' : 'Typed name'} />
        <dt>Signed at (UTC)</dt>
        <dd>
          <time datetime={s.signedAt}>{s.signedAt}</time> ({day(s.signedAt, f)}, {formatTime(new Date(s.signedAt), f.tz, f.locale)}{' '}
          {timeZoneLabel(f.tz, new Date(s.signedAt), f.locale)})
        </dd>
        <Fact term="IP address" value={s.ipAddress ?? 'Not recorded'} />
        <dt>User agent</dt>
        <dd class="wrap">{s.userAgent ?? 'Not recorded'}</dd>
        <Fact term="Agreement version" value={s.version} />
        <dt>SHA-256 of the text signed</dt>
        <dd class="wrap">
          <code>{s.textSha256}</code>
        </dd>
      </dl>
    </li>
  );
}

function Card({ card, f }: { card: ExportReportCard; f: Fmt }) {
  const date = day(card.sentAt, f);
  return (
    <li class="card">
      <h4>
        {card.petName}, {date}
      </h4>
      <dl class="facts">
        <Fact term="Mood" value={card.mood} pre />
        <Fact term="Activities" value={card.activities} pre />
        <Fact term="Eating" value={card.eating} pre />
        <Fact term="Potty" value={card.potty} pre />
        <Fact term={card.staffFirstName ? `From ${card.staffFirstName}` : 'Staff comment'} value={card.staffComment} pre />
      </dl>
      {card.photos.length > 0 ? (
        <p class="photos">
          {card.photos.map((photo, i) => {
            const size = thumbSize(photo.width, photo.height);
            return (
              <>
                <a href={photo.fullUrl} hx-boost="false">
                  <img
                    src={photo.thumbnailUrl}
                    alt={`${card.petName}, ${date}, photo ${i + 1} (full size)`}
                    width={size.width}
                    height={size.height}
                    loading="lazy"
                  />
                </a>{' '}
              </>
            );
          })}
        </p>
      ) : null}
    </li>
  );
}

function Section({ id, title, empty, children, count }: { id: string; title: string; empty: string; count: number; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {count === 0 ? <p class="empty">{empty}</p> : <ol class="holdings">{children}</ol>}
    </section>
  );
}

function Business({ b, index }: { b: ExportBusiness; index: number }) {
  const f: Fmt = { tz: b.business.timeZone, locale: b.business.locale, currency: b.business.currency, weightUnit: weightUnitFor(b.business) };
  const id = (s: string) => `b${index}-${s}`;
  const credit = b.storeCredit;
  return (
    <section aria-labelledby={id('heading')} class="export-business">
      <h2 id={id('heading')}>{b.business.name}</h2>
      <p class="muted small">Times are in {b.business.timeZone}.</p>
      <h3>Your details on file</h3>
      <dl class="facts">
        <Fact term="Name" value={`${b.client.firstName} ${b.client.lastName}`} />
        <Fact term="Phone" value={b.client.phone} />
        <Fact term="Email" value={b.client.email ?? 'None on file'} />
        <Fact term="Client since" value={day(b.client.createdAt, f)} />
      </dl>

      <Section id={id('pets')} title="Pets" empty="No pets on file." count={b.pets.length}>
        {b.pets.map((p) => (
          <Pet pet={p} f={f} />
        ))}
      </Section>

      <Section id={id('appointments')} title={`Appointments (${b.appointments.length})`} empty="No appointments." count={b.appointments.length}>
        {b.appointments.map((a) => (
          <Appointment a={a} f={f} />
        ))}
      </Section>

      <Section id={id('agreements')} title="Signed agreements" empty="No signed agreements." count={b.agreements.length}>
        {b.agreements.map((s) => (
          <Signature s={s} f={f} />
        ))}
      </Section>

      <Section id={id('cards')} title="Report cards" empty="No report cards." count={b.reportCards.length}>
        {b.reportCards.map((card) => (
          <Card card={card} f={f} />
        ))}
      </Section>

      <section aria-labelledby={id('credit')}>
        <h3 id={id('credit')}>Store credit</h3>
        <p>
          Balance:{' '}
          {credit.balances.length === 0
            ? formatMoney(0, f.currency, f.locale)
            : credit.balances.map((bal) => formatMoney(bal.balanceMinor, bal.currency, f.locale)).join(', ')}
        </p>
        {credit.transactions.length === 0 ? (
          <p class="empty">No store credit history.</p>
        ) : (
          <ol class="ledger">
            {credit.transactions.map((t) => (
              <li>
                {day(t.createdAt, f)}: {formatMoney(t.amountMinor, t.currency, f.locale, 'exceptZero')}, {t.reason}
              </li>
            ))}
          </ol>
        )}
      </section>

      {b.packages.length > 0 ? (
        <Section id={id('packages')} title="Packages" empty="No packages." count={b.packages.length}>
          {b.packages.map((p) => (
            <li class="card">
              <h4>{p.name}</h4>
              <dl class="facts">
                <Fact term="Covers" value={p.covers} />
                <Fact term="Remaining" value={`${p.remainingQuantity} of ${p.totalQuantity}`} />
                <Fact term="Bought" value={calendarDay(p.purchasedOn, f)} />
                <Fact term="Expires" value={p.expiresOn ? calendarDay(p.expiresOn, f) : 'Never'} />
                <Fact term="Price" value={p.priceMinor !== null ? formatMoney(p.priceMinor, p.currency, f.locale) : null} />
              </dl>
            </li>
          ))}
        </Section>
      ) : null}

      {b.memberships.length > 0 ? (
        <Section id={id('memberships')} title="Memberships" empty="No memberships." count={b.memberships.length}>
          {b.memberships.map((m) => (
            <li class="card">
              <h4>{m.planName}</h4>
              <dl class="facts">
                <Fact term="Status" value={m.status} />
                <Fact term="Price" value={`${formatMoney(m.priceMinor, m.currency, f.locale)} a ${m.period}`} />
                <Fact term="Perks" value={m.perks} pre />
                <Fact term="Started" value={m.startedOn ? calendarDay(m.startedOn, f) : null} />
                <Fact term="Next renewal" value={m.nextRenewalOn ? calendarDay(m.nextRenewalOn, f) : null} />
              </dl>
            </li>
          ))}
        </Section>
      ) : null}

      {b.classes.length > 0 ? (
        <Section id={id('classes')} title="Classes" empty="No class enrollments." count={b.classes.length}>
          {b.classes.map((e) => (
            <li class="card">
              <h4>
                {e.className}: {e.petName}
              </h4>
              {e.description ? <p class="pre">{e.description}</p> : null}
              <p>
                Attended {e.sessions.filter((s) => s.attended).length} of {e.sessions.length} sessions.
              </p>
              <ul>
                {e.sessions.map((s) => (
                  <li>
                    {formatDateTimeRange(new Date(s.startsAt), new Date(s.endsAt), f.tz, f.locale)}
                    {s.attended ? ' (attended)' : ''}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </Section>
      ) : null}
    </section>
  );
}

const SECTION_NAMES: Record<string, string> = {
  pets: 'pets',
  vaccinations: 'vaccinations',
  vaccinationUploads: 'uploaded certificates',
  appointments: 'appointments',
  agreementSignatures: 'signed agreements',
  reportCards: 'report cards',
  reportCardPhotos: 'report card photos',
  creditTransactions: 'store credit entries',
  packages: 'packages',
  memberships: 'memberships',
  classEnrollments: 'class enrollments',
  classSessions: 'class sessions',
};

export function DataExportPage({ doc, phoneDisplay }: { doc: ExportDocument; phoneDisplay: string }) {
  return (
    <article aria-labelledby="export-heading" class="data-export">
      <p class="no-print">
        <a href="/account">← Back to your account</a>
      </p>
      <h1 id="export-heading">Your data</h1>
      <p>
        Everything Pawtal holds about you, made on <time datetime={doc.generatedAt}>{doc.generatedAt.slice(0, 10)}</time>. Only you can see this page.
      </p>
      <p class="no-print">
        <a href={EXPORT_JSON_HREF} download hx-boost="false">
          Download the same as a JSON file
        </a>
      </p>
      <p class="hint no-print">To keep a copy on paper or as a PDF, use your browser’s Print command.</p>
      {doc.truncated.length > 0 ? (
        <p class="notice">
          Some lists are too long to include in full; this shows the newest:{' '}
          {doc.truncated.map((s) => `${SECTION_NAMES[s] ?? s} (${doc.limits[s]})`).join(', ')}.
        </p>
      ) : null}

      <h2>Your account</h2>
      <dl class="facts">
        <dt>Phone</dt>
        <dd>{phoneDisplay}</dd>
        <dt>Email</dt>
        <dd>{doc.account.email ?? 'Not set'}</dd>
        <dt>Password</dt>
        <dd>{doc.account.hasPassword ? 'Set' : 'Not set'}</dd>
        <dt>Account created (UTC)</dt>
        <dd>
          <time datetime={doc.account.createdAt}>{doc.account.createdAt}</time>
        </dd>
      </dl>

      {doc.businesses.map((b, i) => (
        <Business b={b} index={i} />
      ))}

      {doc.notAvailableYet.length > 0 ? (
        <>
          <h2>Businesses not on Pawtal yet</h2>
          <p>
            {doc.notAvailableYet.map((b) => b.name).join(', ')} {doc.notAvailableYet.length === 1 ? 'has' : 'have'} your number on file but
            {doc.notAvailableYet.length === 1 ? ' has' : ' have'} not opened Pawtal to clients yet, so nothing of theirs is shown here. Ask them directly for
            what they hold.
          </p>
        </>
      ) : null}
    </article>
  );
}
