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

const SPECIES: Record<PetSpecies, string> = { dog: 'Dog', cat: 'Cat', other: 'Other' };
const SEXES: Record<PetSex, string> = { male: 'Male', female: 'Female', unknown: 'Not known' };

export function speciesLabel(s: PetSpecies): string {
  return SPECIES[s];
}
export function sexLabel(s: PetSex): string {
  return SEXES[s];
}

export function VaccinationBadge({ flag }: { flag: VaccinationFlag }) {
  if (flag === 'expired') return <span class="status s-canceled">Expired</span>;
  if (flag === 'expiring') return <span class="status s-requested">Expires soon</span>;
  return null;
}

export function PetPhoto(p: { href: string; name: string; size: number }) {
  return <img class="pet-photo" src={p.href} alt={`Photo of ${p.name}`} width={p.size} height={p.size} loading="lazy" decoding="async" />;
}
