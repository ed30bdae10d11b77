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
import { cancelReasonWords, serviceTypeLabel } from '../appointments/labels';
import { AgreementText } from '../components/agreement-text';
import { thumbSize } from '../report-cards/list';
import type { ServiceType } from '../../src/db/schema';
import type { Child } from 'hono/jsx';
import { t, tx, viewLocale, type MessageKey } from '../../src/i18n';

export const EXPORT_JSON_HREF = '/account/export.json';
export const EXPORT_HTML_HREF = '/account/export.html';

/** The account page's "Your data" section: plain links, no JavaScript needed. */
export function YourDataSection() {
  return (
    <>
      <h2 id="your-data-heading">{t('export.section.heading')}</h2>
      <p>{t('export.section.body')}</p>
      <ul class="links" aria-labelledby="your-data-heading">
        <li>
          <a href={EXPORT_JSON_HREF} download hx-boost="false">
            {t('export.section.json')}
          </a>
        </li>
        <li>
          <a href={EXPORT_HTML_HREF}>{t('export.section.html')}</a>
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
  return v === null ? null : v ? t('export.yes') : t('export.no');
}

/**
 * A stored value's words (`export.pet.species.` + `dog`), looked up at render; a value the
 * catalog does not know (a newer one) is shown as stored.
 */
function valueWords(prefix: string, value: string): string {
  const key = `${prefix}${value}` as MessageKey;
  return KNOWN_VALUES.has(key) ? t(key) : value;
}

const KNOWN_VALUES = new Set<string>([
  'export.pet.species.dog',
  'export.pet.species.cat',
  'export.pet.species.other',
  'export.pet.sex.male',
  'export.pet.sex.female',
  'export.pet.sex.unknown',
  'export.vaccination.state.valid',
  'export.vaccination.state.expiring',
  'export.vaccination.state.expired',
  'export.vaccination.state.no_expiry',
  'export.upload.pending',
  'export.upload.accepted',
  'export.upload.rejected',
  'export.memberships.status.active',
  'export.memberships.status.paused',
  'export.memberships.status.canceled',
  'export.memberships.price.week',
  'export.memberships.price.month',
  'export.memberships.price.year',
  'export.section.pets',
  'export.section.vaccinations',
  'export.section.vaccinationUploads',
  'export.section.appointments',
  'export.section.agreementSignatures',
  'export.section.reportCards',
  'export.section.reportCardPhotos',
  'export.section.creditTransactions',
  'export.section.packages',
  'export.section.memberships',
  'export.section.classEnrollments',
  'export.section.classSessions',
] satisfies MessageKey[]);

/** A membership's price for its period: "$30.00 a month". */
function pricePer(price: string, period: string): string {
  const key = `export.memberships.price.${period}` as MessageKey;
  return KNOWN_VALUES.has(key) ? t(key, { price }) : `${price} a ${period}`;
}

function Pet({ pet, f }: { pet: ExportPet; f: Fmt }) {
  return (
    <li class="card">
      <h4>{pet.name}</h4>
      {pet.photoThumbnailUrl ? (
        <p>
          <a href={pet.photoUrl ?? pet.photoThumbnailUrl} hx-boost="false">
            <img class="pet-photo" src={pet.photoThumbnailUrl} alt={t('export.pet.photoAlt', { name: pet.name })} width={56} height={56} loading="lazy" />
          </a>
        </p>
      ) : null}
      <dl class="facts">
        <Fact term={t('export.pet.species')} value={valueWords('export.pet.species.', pet.species)} />
        <Fact term={t('export.pet.breed')} value={pet.breed} />
        <Fact term={t('export.pet.sex')} value={valueWords('export.pet.sex.', pet.sex)} />
        <Fact term={t('export.pet.birthday')} value={pet.birthday ? calendarDay(pet.birthday, f) : null} />
        <Fact term={t('export.pet.weight')} value={pet.weightGrams ? formatWeight(pet.weightGrams, f.weightUnit, f.locale) : null} />
        <Fact term={t('export.pet.colour')} value={pet.colour} />
        <Fact term={t('export.pet.spayedNeutered')} value={yesNo(pet.spayedNeutered)} />
        <Fact term={t('export.pet.vet')} value={[pet.vetName, pet.vetPhone].filter(Boolean).join(', ')} />
        <Fact term={t('export.pet.medications')} value={pet.medications} pre />
        <Fact term={t('export.pet.feeding')} value={pet.feeding} pre />
        <Fact term={t('export.pet.behaviour')} value={pet.behaviourNotes} pre />
      </dl>
      <h5>{t('export.vaccinations')}</h5>
      {pet.vaccinations.length === 0 ? (
        <p class="empty">{t('export.vaccinations.none')}</p>
      ) : (
        <ul>
          {pet.vaccinations.map((v) => (
            <li>
              {v.name}: {v.expiresOn ? t('export.vaccination.expires', { date: calendarDay(v.expiresOn, f) }) : t('export.vaccination.noExpiry')} (
              {valueWords('export.vaccination.state.', v.state)}
              {v.verified ? t('export.vaccination.verified') : ''})
            </li>
          ))}
        </ul>
      )}
      {pet.vaccinationUploads.length > 0 ? (
        <>
          <h5>{t('export.uploads')}</h5>
          <ul>
            {pet.vaccinationUploads.map((u) => (
              <li>
                {day(u.uploadedAt, f)}: {valueWords('export.upload.', u.status)}
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
  const price = formatMoney(l.priceMinor, f.currency, f.locale);
  return l.staff ? t('export.lineWithStaff', { name: l.name, price, staff: l.staff }) : t('export.line', { name: l.name, price });
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
        <Fact term={t('export.total')} value={a.totalMinor > 0 ? formatMoney(a.totalMinor, f.currency, f.locale) : null} />
        <Fact
          term={a.onlinePayment?.kind === 'deposit' ? t('export.depositPaid') : t('export.prepaid')}
          value={a.onlinePayment ? formatMoney(a.onlinePayment.amountMinor, a.onlinePayment.currency, f.locale) : null}
        />
        <Fact term={t('export.depositAsked')} value={a.depositRequiredMinor ? formatMoney(a.depositRequiredMinor, f.currency, f.locale) : null} />
        <Fact term={t('export.notes')} value={a.notes} pre />
        <Fact term={t('export.cancelReason')} value={cancelReasonWords(a.cancelReason)} pre />
      </dl>
    </li>
  );
}

function Signature({ s, f }: { s: ExportSignature; f: Fmt }) {
  return (
    <li class="card">
      <h4>{t('export.signature.title', { title: s.title, version: String(s.version) })}</h4>
      <p class="no-print">
        <a href={s.signedCopyUrl}>{t('export.signature.open')}</a>
      </p>
      <AgreementText text={s.text} />
      {s.signatureImageUrl ? (
        <img class="signature-image" src={s.signatureImageUrl} width={300} height={100} alt={t('export.signature.imageAlt', { name: s.signerName })} />
      ) : (
        <p class="typed-signature">{s.signerName}</p>
      )}
      <dl class="facts">
        <Fact term={t('export.signature.signer')} value={s.signerName} />
        <Fact term={t('export.signature.method')} value={s.method === 'drawn' ? t('export.signature.drawn') : t('export.signature.typed')} />
        <dt>{t('export.signature.signedAt')}</dt>
        <dd>
          <time datetime={s.signedAt}>{s.signedAt}</time> ({day(s.signedAt, f)}, {formatTime(new Date(s.signedAt), f.tz, f.locale)}{' '}
          {timeZoneLabel(f.tz, new Date(s.signedAt), f.locale)})
        </dd>
        <Fact term={t('export.signature.ip')} value={s.ipAddress ?? t('export.signature.notRecorded')} />
        <dt>{t('export.signature.userAgent')}</dt>
        <dd class="wrap">{s.userAgent ?? t('export.signature.notRecorded')}</dd>
        <Fact term={t('export.signature.version')} value={s.version} />
        <dt>{t('export.signature.sha')}</dt>
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
        <Fact term={t('export.card.mood')} value={card.mood} pre />
        <Fact term={t('export.card.activities')} value={card.activities} pre />
        <Fact term={t('export.card.eating')} value={card.eating} pre />
        <Fact term={t('export.card.potty')} value={card.potty} pre />
        <Fact term={card.staffFirstName ? t('export.card.from', { name: card.staffFirstName }) : t('export.card.staffComment')} value={card.staffComment} pre />
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
                    alt={t('export.card.photoAlt', { pet: card.petName, date, number: String(i + 1) })}
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
  // The reader's language in the business's region (es-US for a Spanish reader of a US business).
  const f: Fmt = { tz: b.business.timeZone, locale: viewLocale(b.business.locale), currency: b.business.currency, weightUnit: weightUnitFor(b.business) };
  const id = (s: string) => `b${index}-${s}`;
  const credit = b.storeCredit;
  return (
    <section aria-labelledby={id('heading')} class="export-business">
      <h2 id={id('heading')}>{b.business.name}</h2>
      <p class="muted small">{t('export.timesIn', { timeZone: b.business.timeZone })}</p>
      <h3>{t('export.details.heading')}</h3>
      <dl class="facts">
        <Fact term={t('export.name')} value={`${b.client.firstName} ${b.client.lastName}`} />
        <Fact term={t('account.phone')} value={b.client.phone} />
        <Fact term={t('account.email')} value={b.client.email ?? t('account.noneOnFile')} />
        <Fact term={t('export.clientSince')} value={day(b.client.createdAt, f)} />
      </dl>

      <Section id={id('pets')} title={t('export.pets')} empty={t('export.pets.none')} count={b.pets.length}>
        {b.pets.map((p) => (
          <Pet pet={p} f={f} />
        ))}
      </Section>

      <Section
        id={id('appointments')}
        title={t('export.appointments', { count: String(b.appointments.length) })}
        empty={t('export.appointments.none')}
        count={b.appointments.length}
      >
        {b.appointments.map((a) => (
          <Appointment a={a} f={f} />
        ))}
      </Section>

      <Section id={id('agreements')} title={t('export.agreements')} empty={t('export.agreements.none')} count={b.agreements.length}>
        {b.agreements.map((s) => (
          <Signature s={s} f={f} />
        ))}
      </Section>

      <Section id={id('cards')} title={t('export.cards')} empty={t('export.cards.none')} count={b.reportCards.length}>
        {b.reportCards.map((card) => (
          <Card card={card} f={f} />
        ))}
      </Section>

      <section aria-labelledby={id('credit')}>
        <h3 id={id('credit')}>{t('export.credit')}</h3>
        <p>
          {t('export.credit.balance', {
            amount:
              credit.balances.length === 0
                ? formatMoney(0, f.currency, f.locale)
                : credit.balances.map((bal) => formatMoney(bal.balanceMinor, bal.currency, f.locale)).join(', '),
          })}
        </p>
        {credit.transactions.length === 0 ? (
          <p class="empty">{t('export.credit.none')}</p>
        ) : (
          <ol class="ledger">
            {credit.transactions.map((tr) => (
              <li>
                {day(tr.createdAt, f)}: {formatMoney(tr.amountMinor, tr.currency, f.locale, 'exceptZero')}, {tr.reason}
              </li>
            ))}
          </ol>
        )}
      </section>

      {b.packages.length > 0 ? (
        <Section id={id('packages')} title={t('export.packages')} empty={t('export.packages.none')} count={b.packages.length}>
          {b.packages.map((p) => (
            <li class="card">
              <h4>{p.name}</h4>
              <dl class="facts">
                <Fact term={t('export.packages.covers')} value={p.covers} />
                <Fact
                  term={t('export.packages.remaining')}
                  value={t('export.packages.remainingValue', { remaining: String(p.remainingQuantity), total: String(p.totalQuantity) })}
                />
                <Fact term={t('export.packages.bought')} value={calendarDay(p.purchasedOn, f)} />
                <Fact term={t('export.packages.expires')} value={p.expiresOn ? calendarDay(p.expiresOn, f) : t('export.packages.never')} />
                <Fact term={t('export.price')} value={p.priceMinor !== null ? formatMoney(p.priceMinor, p.currency, f.locale) : null} />
              </dl>
            </li>
          ))}
        </Section>
      ) : null}

      {b.memberships.length > 0 ? (
        <Section id={id('memberships')} title={t('export.memberships')} empty={t('export.memberships.none')} count={b.memberships.length}>
          {b.memberships.map((m) => (
            <li class="card">
              <h4>{m.planName}</h4>
              <dl class="facts">
                <Fact term={t('export.memberships.status')} value={valueWords('export.memberships.status.', m.status)} />
                <Fact term={t('export.price')} value={pricePer(formatMoney(m.priceMinor, m.currency, f.locale), m.period)} />
                <Fact term={t('export.memberships.perks')} value={m.perks} pre />
                <Fact term={t('export.memberships.started')} value={m.startedOn ? calendarDay(m.startedOn, f) : null} />
                <Fact term={t('export.memberships.nextRenewal')} value={m.nextRenewalOn ? calendarDay(m.nextRenewalOn, f) : null} />
              </dl>
            </li>
          ))}
        </Section>
      ) : null}

      {b.classes.length > 0 ? (
        <Section id={id('classes')} title={t('export.classes')} empty={t('export.classes.none')} count={b.classes.length}>
          {b.classes.map((e) => (
            <li class="card">
              <h4>
                {e.className}: {e.petName}
              </h4>
              {e.description ? <p class="pre">{e.description}</p> : null}
              <p>{t('export.classes.attended', { attended: String(e.sessions.filter((s) => s.attended).length), total: e.sessions.length })}</p>
              <ul>
                {e.sessions.map((s) => (
                  <li>
                    {formatDateTimeRange(new Date(s.startsAt), new Date(s.endsAt), f.tz, f.locale)}
                    {s.attended ? t('export.classes.attendedMark') : ''}
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

/** A cut list's name in the notice ("report cards"), looked up at render. */
function sectionName(section: string): string {
  return valueWords('export.section.', section);
}

export function DataExportPage({ doc, phoneDisplay }: { doc: ExportDocument; phoneDisplay: string }) {
  return (
    <article aria-labelledby="export-heading" class="data-export">
      <p class="no-print">
        <a href="/account">{t('export.back')}</a>
      </p>
      <h1 id="export-heading">{t('export.title')}</h1>
      <p>{tx('export.intro', { date: <time datetime={doc.generatedAt}>{doc.generatedAt.slice(0, 10)}</time> })}</p>
      <p class="no-print">
        <a href={EXPORT_JSON_HREF} download hx-boost="false">
          {t('export.downloadJson')}
        </a>
      </p>
      <p class="hint no-print">{t('export.printHint')}</p>
      {doc.truncated.length > 0 ? (
        <p class="notice">{t('export.truncated', { sections: doc.truncated.map((s) => `${sectionName(s)} (${doc.limits[s]})`).join(', ') })}</p>
      ) : null}

      <h2>{t('export.account.heading')}</h2>
      <dl class="facts">
        <dt>{t('account.phone')}</dt>
        <dd>{phoneDisplay}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{doc.account.email ?? t('account.notSet')}</dd>
        <dt>{t('account.password')}</dt>
        <dd>{doc.account.hasPassword ? t('account.set') : t('account.notSet')}</dd>
        <dt>{t('export.account.created')}</dt>
        <dd>
          <time datetime={doc.account.createdAt}>{doc.account.createdAt}</time>
        </dd>
      </dl>

      {doc.businesses.map((b, i) => (
        <Business b={b} index={i} />
      ))}

      {doc.notAvailableYet.length > 0 ? (
        <>
          <h2>{t('export.notOnPawtal.heading')}</h2>
          <p>{t('export.notOnPawtal.body', { names: doc.notAvailableYet.map((b) => b.name).join(', '), count: doc.notAvailableYet.length })}</p>
        </>
      ) : null}
    </article>
  );
}
