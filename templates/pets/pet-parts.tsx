/**
 * Pieces shared by the pet list, profile and form: plain words for species and sex, calendar
 * dates, the vaccination flag badge, and the pet photo.
 *
 * Photos: `?size=full` is the original upload. `?size=thumb` is a small copy (≤ 320 px JPEG)
 * that the browser drew on a canvas when the photo was added — with JavaScript only. A photo
 * added without JS has no small copy, and `?size=thumb` then serves the ORIGINAL (no image
 * decoder runs in the Worker); the upload limit (5 MB) bounds what such a thumbnail may cost.
 * Either way the image is drawn in a fixed square box (width/height set, object-fit: cover in
 * the CSS), so nothing jumps whatever its aspect, and it is lazy-loaded.
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
