/**
 * Report cards (SPEC §7): one section per pet, each pet's sent cards newest first, or an
 * empty state for that pet. A card shows its date, the appointment it belongs to, mood,
 * activities, eating and potty notes, the staff comment, and its photos as small lazy-loaded
 * thumbnails whose width/height are set (nothing jumps); each is a plain link to the full
 * size, so tapping works without JavaScript. Display only: no form, no action.
 */
import type { ServiceType } from '../../src/db/schema';
import { formatDate } from '../../src/domain/time';
import { serviceTypeLabel } from '../appointments/labels';

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
  appointment: { href: string; serviceType: ServiceType; startsAt: Date } | null;
  mood: string | null;
  activities: string | null;
  eating: string | null;
  potty: string | null;
  staffComment: string | null;
  staffFirstName: string | null;
  photos: ReportCardPhotoItem[];
}

export interface ReportCardsPageProps {
  pets: { id: string; name: string; cards: ReportCardItem[] }[];
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
  const day = (d: Date) => formatDate(d, timeZone, locale);
  const date = day(card.sentAt);
  return (
    <li class="card">
      <article aria-labelledby={`rc-${card.id}`}>
        <h3 id={`rc-${card.id}`}>{date}</h3>
        {card.appointment ? (
          <p>
            <a href={card.appointment.href}>
              {serviceTypeLabel(card.appointment.serviceType)} on {day(card.appointment.startsAt)}
            </a>
          </p>
        ) : null}
        <dl class="facts">
          <Note term="Mood" value={card.mood} />
          <Note term="Activities" value={card.activities} />
          <Note term="Eating" value={card.eating} />
          <Note term="Potty" value={card.potty} />
          <Note
            term={card.staffFirstName ? `From ${card.staffFirstName}` : 'Staff comment'}
            value={card.staffComment}
          />
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
                      alt={`${petName}, ${date}, photo ${i + 1} (full size)`}
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

export function ReportCardsPage(p: ReportCardsPageProps) {
  return (
    <section aria-labelledby="report-cards-heading">
      <h1 id="report-cards-heading">Report cards</h1>
      {p.pets.length === 0 ? <p class="empty">No pets on file yet, so no report cards.</p> : null}
      {p.pets.map((pet) => (
        <section aria-labelledby={`rc-pet-${pet.id}`}>
          <h2 id={`rc-pet-${pet.id}`}>{pet.name}</h2>
          {pet.cards.length === 0 ? (
            <p class="empty">No report cards for {pet.name} yet.</p>
          ) : (
            <ol class="holdings">
              {pet.cards.map((card) => (
                <Card card={card} petName={pet.name} timeZone={p.timeZone} locale={p.locale} />
              ))}
            </ol>
          )}
        </section>
      ))}
    </section>
  );
}
