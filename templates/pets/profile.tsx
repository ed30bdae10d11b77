/**
 * One pet's profile with every field of SPEC §6. Read only: the portal cannot edit or delete
 * a pet, so there is no edit link or form here ("contact the business" instead). The photo is
 * shown small and opens at full size on tap (see pet-parts.tsx: both are copies made on the
 * server; the upload itself is never sent). Pure: ages, weights and flags come computed in props.
 */
import type { NewPet, VaccinationFlag } from '../../src/domain/pet-form';
import { Notice } from '../components/notice';
import { PetPhoto, VaccinationBadge, sexLabel, speciesLabel, spellingOf } from './pet-parts';
import { t, viewLocale } from '../../src/i18n';
import { formatCalendarDate } from '../components/calendar-date';
import { VaccinationUploads, type UploadView } from './vaccination-upload';

export interface PetProfileProps {
  backHref: string;
  banner: string | null;
  businessName: string;
  /** The business's locale: its spelling (Color/Colour) and, in the reader's language, its dates. */
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
      <dd class="pre">{value ?? <span class="muted">{t('pets.profile.notGiven')}</span>}</dd>
    </>
  );
}

export function PetProfile(p: PetProfileProps) {
  const pet = p.pet;
  const spayed = pet.spayedNeutered === null ? null : pet.spayedNeutered ? t('pets.yes') : t('pets.no');
  const dates = viewLocale(p.locale);
  const spelling = spellingOf(p.locale);
  const vet = [pet.vetName, pet.vetPhone].filter(Boolean).join(', ') || null;
  return (
    <article class="detail" aria-labelledby="pet-heading">
      <p>
        <a href={p.backHref}>{t('pets.profile.allPets')}</a>
      </p>
      <Notice text={p.banner} />
      <h1 id="pet-heading">{pet.name}</h1>
      {p.photo ? (
        <p>
          <a href={p.photo.fullHref} aria-label={t('pets.profile.photoFull', { name: pet.name })}>
            <PetPhoto href={p.photo.thumbHref} name={pet.name} size={160} />
          </a>
        </p>
      ) : null}
      <dl>
        <Fact term={t('pets.field.species')} value={speciesLabel(pet.species)} />
        <Fact term={t('pets.field.breed')} value={pet.breed} />
        <Fact term={t('pets.field.sex')} value={sexLabel(pet.sex)} />
        <Fact term={t('pets.field.birthday')} value={pet.birthday ? `${formatCalendarDate(pet.birthday, dates)}${pet.age ? ` (${pet.age})` : ''}` : null} />
        <Fact term={t('pets.field.weight')} value={pet.weight} />
        <Fact term={t('pets.field.colour', { spelling })} value={pet.colour} />
        <Fact term={t('pets.field.spayedNeutered')} value={spayed} />
        <Fact term={t('pets.field.vet')} value={vet} />
        <Fact term={t('pets.field.medications')} value={pet.medications} />
        <Fact term={t('pets.field.feeding')} value={pet.feeding} />
        <Fact term={t('pets.field.behaviourNotes', { spelling })} value={pet.behaviourNotes} />
      </dl>
      <h2>{t('pets.profile.vaccinations')}</h2>
      {p.vaccinations.length === 0 ? (
        <p class="empty">{t('pets.profile.noVaccinations')}</p>
      ) : (
        <ul class="vaccinations">
          {p.vaccinations.map((v) => (
            <li>
              <strong>{v.name}</strong> ·{' '}
              {v.flag === 'expired' && v.expiresOn ? (
                // One phrase, not "expires … · Expired".
                <span class="status s-canceled">{t('pets.profile.expiredOn', { date: formatCalendarDate(v.expiresOn, dates) })}</span>
              ) : (
                <>
                  {v.expiresOn ? t('pets.profile.expiresOn', { date: formatCalendarDate(v.expiresOn, dates) }) : t('pets.profile.noExpiry')}{' '}
                  <VaccinationBadge flag={v.flag} />
                </>
              )}
              {v.verified ? (
                <>
                  {' '}
                  <span class="status s-confirmed">{t('pets.profile.verified')}</span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {p.certificates ? <VaccinationUploads {...p.certificates} /> : null}
      <p class="muted small">{t('pets.profile.contact', { business: p.businessName })}</p>
    </article>
  );
}

/** The full-size photo on a page of its own, with the way back to the pet above it. */
export function PetPhotoPage(p: { name: string; backHref: string; src: string }) {
  return (
    <article class="detail photo-page" aria-labelledby="photo-heading">
      <p>
        <a href={p.backHref}>{t('pets.backTo', { name: p.name })}</a>
      </p>
      <h1 id="photo-heading">{t('pets.photo.title', { name: p.name })}</h1>
      <p>
        <img class="full-photo" src={p.src} alt={t('pets.photo.alt', { name: p.name })} decoding="async" />
      </p>
    </article>
  );
}
