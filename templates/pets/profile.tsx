/**
 * One pet's profile with every field of SPEC §6. Read only: the portal cannot edit or delete
 * a pet, so there is no edit link or form here ("contact the business" instead). The photo is
 * shown small and opens at full size on tap (see pet-parts.tsx: both are copies made on the
 * server; the upload itself is never sent). Pure: ages, weights and flags come computed in props.
 */
import { spellings } from '../../src/domain/locale';
import type { NewPet, VaccinationFlag } from '../../src/domain/pet-form';
import { Notice } from '../components/notice';
import { PetPhoto, VaccinationBadge, sexLabel, speciesLabel } from './pet-parts';
import { formatCalendarDate } from '../components/calendar-date';
import { VaccinationUploads, type UploadView } from './vaccination-upload';

export interface PetProfileProps {
  backHref: string;
  banner: string | null;
  businessName: string;
  locale: string;
  photo: { thumbHref: string; fullHref: string } | null;
  /** Every SPEC §6 field as stored, with the weight written out and the age computed. */
  pet: Omit<NewPet, 'weightGrams'> & { age: string | null; weight: string | null };
  /** `verified`: staff checked it against a certificate the parent uploaded. */
  vaccinations: { name: string; expiresOn: string | null; flag: VaccinationFlag; verified?: boolean }[];
  /** The parent's uploaded certificates and the way to upload one. */
  certificates?: { uploads: UploadView[]; businessName: string; uploadHref: string };
}

function Fact({ term, value }: { term: string; value: string | null }) {
  return (
    <>
      <dt>{term}</dt>
      <dd class="pre">{value ?? <span class="muted">Not given</span>}</dd>
    </>
  );
}

export function PetProfile(p: PetProfileProps) {
  const pet = p.pet;
  const spayed = pet.spayedNeutered === null ? null : pet.spayedNeutered ? 'Yes' : 'No';
  const vet = [pet.vetName, pet.vetPhone].filter(Boolean).join(', ') || null;
  return (
    <article class="detail" aria-labelledby="pet-heading">
      <p>
        <a href={p.backHref}>← All pets</a>
      </p>
      <Notice text={p.banner} />
      <h1 id="pet-heading">{pet.name}</h1>
      {p.photo ? (
        <p>
          <a href={p.photo.fullHref} aria-label={`Photo of ${pet.name}, full size`}>
            <PetPhoto href={p.photo.thumbHref} name={pet.name} size={160} />
          </a>
        </p>
      ) : null}
      <dl>
        <Fact term="Species" value={speciesLabel(pet.species)} />
        <Fact term="Breed" value={pet.breed} />
        <Fact term="Sex" value={sexLabel(pet.sex)} />
        <Fact term="Birthday" value={pet.birthday ? `${formatCalendarDate(pet.birthday, p.locale)}${pet.age ? ` (${pet.age})` : ''}` : null} />
        <Fact term="Weight" value={pet.weight} />
        <Fact term={spellings(p.locale).colour} value={pet.colour} />
        <Fact term="Spayed/neutered" value={spayed} />
        <Fact term="Vet" value={vet} />
        <Fact term="Medications" value={pet.medications} />
        <Fact term="Feeding" value={pet.feeding} />
        <Fact term={`${spellings(p.locale).behaviour} notes`} value={pet.behaviourNotes} />
      </dl>
      <h2>Vaccinations</h2>
      {p.vaccinations.length === 0 ? (
        <p class="empty">No vaccinations on record.</p>
      ) : (
        <ul class="vaccinations">
          {p.vaccinations.map((v) => (
            <li>
              <strong>{v.name}</strong> ·{' '}
              {v.flag === 'expired' && v.expiresOn ? (
                // One phrase, not "expires … · Expired".
                <span class="status s-canceled">Expired {formatCalendarDate(v.expiresOn, p.locale)}</span>
              ) : (
                <>
                  {v.expiresOn ? `expires ${formatCalendarDate(v.expiresOn, p.locale)}` : 'no expiry date'} <VaccinationBadge flag={v.flag} />
                </>
              )}
              {v.verified ? (
                <>
                  {' '}
                  <span class="status s-confirmed">Verified</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {p.certificates ? <VaccinationUploads {...p.certificates} /> : null}
      <p class="muted small">To change anything here, contact {p.businessName}.</p>
    </article>
  );
}

/** The full-size photo on a page of its own, with the way back to the pet above it. */
export function PetPhotoPage(p: { name: string; backHref: string; src: string }) {
  return (
    <article class="detail photo-page" aria-labelledby="photo-heading">
      <p>
        <a href={p.backHref}>← Back to {p.name}</a>
      </p>
      <h1 id="photo-heading">Photo of {p.name}</h1>
      <p>
        <img class="full-photo" src={p.src} alt={`Photo of ${p.name}`} decoding="async" />
      </p>
    </article>
  );
}
