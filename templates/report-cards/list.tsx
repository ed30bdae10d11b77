/**
 * Report cards (SPEC §7): one section per pet, each pet's sent cards newest first, or an
 * empty state for that pet. A card shows its date, the appointment it belongs to, mood,
 * activities, eating and potty notes, the staff comment, and its photos as small lazy-loaded
 * thumbnails whose width/height are set (nothing jumps); each is a plain link to the full
 * size, so tapping works without JavaScript. The list shows each pet's newest cards and links
 * to the pet's own pages for the rest, so the page stays small however many cards there are.
 * Display only: no form, no action.
 */
import type { LinkedAppointment } from '../../src/middleware/portal';
import { formatDate } from '../../src/domain/time';
import { serviceTypeLabel } from '../appointments/labels';
import { Pager } from '../components/pager';
import { t, viewLocale } from '../../src/i18n';

/** The longest side of a thumbnail as drawn, CSS pixels. */
export const THUMB_BOX = 96;

export interface ReportCardPhotoItem {
  thumbHref: string;
  fullHref: string;
  width: number;
  height: number;
}

export interface ReportCardItem {
  id: string;
  sentAt: Date;
  appointment: LinkedAppointment | null;
  mood: string | null;
  activities: string | null;
  eating: string | null;
  potty: string | null;
  staffComment: string | null;
  staffFirstName: string | null;
  photos: ReportCardPhotoItem[];
}

export interface ReportCardsPageProps {
  /** Each pet's newest cards; `total` sent in all, `allHref` the pet's own pages. */
  pets: { id: string; name: string; cards: ReportCardItem[]; total: number; allHref: string }[];
  timeZone: string;
  locale: string;
}

export interface PetReportCardsProps {
  backHref: string;
  petName: string;
  cards: ReportCardItem[];
  page: number;
  pageCount: number;
  pageHref: (n: number) => string;
  timeZone: string;
  locale: string;
}

/** The drawn size of a photo: its aspect ratio, the longest side THUMB_BOX. */
export function thumbSize(width: number, height: number): { width: number; height: number } {
  if (width >= height) return { width: THUMB_BOX, height: Math.max(1, Math.round((THUMB_BOX * height) / width)) };
  return { width: Math.max(1, Math.round((THUMB_BOX * width) / height)), height: THUMB_BOX };
}

function Note({ term, value }: { term: string; value: string | null }) {
  if (!value) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd class="pre">{value}</dd>
    </>
  );
}

function Card({ card, petName, timeZone, locale }: { card: ReportCardItem; petName: string; timeZone: string; locale: string }) {
  const day = (d: Date) => formatDate(d, timeZone, viewLocale(locale));
  const date = day(card.sentAt);
  return (
    <li class="card">
      <article aria-labelledby={`rc-${card.id}`}>
        <h3 id={`rc-${card.id}`}>{date}</h3>
        {card.appointment ? (
          <p>
            <a href={card.appointment.href}>
              {t('reportCards.appointmentOn', { service: serviceTypeLabel(card.appointment.serviceType), date: day(card.appointment.startsAt) })}
            </a>
          </p>
        ) : null}
        <dl class="facts">
          <Note term={t('reportCards.mood')} value={card.mood} />
          <Note term={t('reportCards.activities')} value={card.activities} />
          <Note term={t('reportCards.eating')} value={card.eating} />
          <Note term={t('reportCards.potty')} value={card.potty} />
          <Note term={card.staffFirstName ? t('reportCards.from', { name: card.staffFirstName }) : t('reportCards.staffComment')} value={card.staffComment} />
        </dl>
        {card.photos.length > 0 ? (
          <p class="photos">
            {card.photos.map((photo, i) => {
              const size = thumbSize(photo.width, photo.height);
              return (
                <>
                  <a href={photo.fullHref} hx-boost="false">
                    <img
                      src={photo.thumbHref}
                      alt={t('reportCards.photoAlt', { pet: petName, date, n: String(i + 1) })}
                      width={size.width}
                      height={size.height}
                      loading="lazy"
                      decoding="async"
                    />
                  </a>{' '}
                </>
              );
            })}
          </p>
        ) : null}
      </article>
    </li>
  );
}

function Cards(p: { cards: ReportCardItem[]; petName: string; timeZone: string; locale: string }) {
  return (
    <ol class="holdings">
      {p.cards.map((card) => (
        <Card card={card} petName={p.petName} timeZone={p.timeZone} locale={p.locale} />
      ))}
    </ol>
  );
}

export function ReportCardsPage(p: ReportCardsPageProps) {
  return (
    <section aria-labelledby="report-cards-heading">
      <h1 id="report-cards-heading">{t('reportCards.title')}</h1>
      {p.pets.length === 0 ? <p class="empty">{t('reportCards.noPets')}</p> : null}
      {p.pets.map((pet) => (
        <section aria-labelledby={`rc-pet-${pet.id}`}>
          <h2 id={`rc-pet-${pet.id}`}>{pet.name}</h2>
          {pet.cards.length === 0 ? (
            <p class="empty">{t('reportCards.noneForPet', { pet: pet.name })}</p>
          ) : (
            <Cards cards={pet.cards} petName={pet.name} timeZone={p.timeZone} locale={p.locale} />
          )}
          {pet.total > pet.cards.length ? (
            <p>
              <a href={pet.allHref}>{t('reportCards.allForPet', { count: pet.total, pet: pet.name })}</a>
            </p>
          ) : null}
        </section>
      ))}
    </section>
  );
}

/** One pet's sent report cards, newest first, paged. */
export function PetReportCards(p: PetReportCardsProps) {
  return (
    <section aria-labelledby="report-cards-heading">
      <p>
        <a href={p.backHref}>{t('reportCards.backToAll')}</a>
      </p>
      <h1 id="report-cards-heading">{t('reportCards.forPet', { pet: p.petName })}</h1>
      {p.cards.length === 0 ? (
        <p class="empty">{t('reportCards.noneForPet', { pet: p.petName })}</p>
      ) : (
        <Cards cards={p.cards} petName={p.petName} timeZone={p.timeZone} locale={p.locale} />
      )}
      <Pager page={p.page} pageCount={p.pageCount} pageHref={p.pageHref} />
    </section>
  );
}
