/**
 * Pieces shared by the pet list, profile and form: plain words for species and sex, calendar
 * dates, the vaccination flag badge, and the pet photo.
 *
 * Photos: `?size=thumb` is a 320 px square WebP copy and `?size=full` a copy of at most 1600 px,
 * both made on the server (storage/photo-copies.ts); the original upload is never sent to a
 * phone. The thumbnail is drawn in a fixed square box (width/height set, object-fit: cover in
 * the CSS), so nothing jumps whatever the photo's aspect, and it is lazy-loaded.
 */
import type { PetSex, PetSpecies, VaccinationFlag } from '../../src/domain/pet-form';
import { spellings } from '../../src/domain/locale';
import { t, type MessageKey, type Translate } from '../../src/i18n';

const SPECIES: Record<PetSpecies, MessageKey> = { dog: 'pets.species.dog', cat: 'pets.species.cat', other: 'pets.species.other' };
const SEXES: Record<PetSex, MessageKey> = { male: 'pets.sex.male', female: 'pets.sex.female', unknown: 'pets.sex.unknown' };

/** The species in the reader's language (`tr`: another language, e.g. English for the business's notification). */
export function speciesLabel(s: PetSpecies, tr: Translate = t): string {
  return tr(SPECIES[s]);
}
export function sexLabel(s: PetSex): string {
  return t(SEXES[s]);
}

/** Which English spelling the business uses (Color/Colour), the `spelling` value of the catalog's messages. */
export function spellingOf(locale: string): 'us' | 'other' {
  return spellings(locale).colour === 'Color' ? 'us' : 'other';
}

export function VaccinationBadge({ flag }: { flag: VaccinationFlag }) {
  if (flag === 'expired') return <span class="status s-canceled">{t('pets.badge.expired')}</span>;
  if (flag === 'expiring') return <span class="status s-requested">{t('pets.badge.expiring')}</span>;
  return null;
}

export function PetPhoto(p: { href: string; name: string; size: number }) {
  return <img class="pet-photo" src={p.href} alt={t('pets.photo.alt', { name: p.name })} width={p.size} height={p.size} loading="lazy" decoding="async" />;
}
