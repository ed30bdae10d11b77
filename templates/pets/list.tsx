/**
 * "Pets": the client's pets with a small photo, species and breed, age, and a flag when a
 * vaccination has expired or expires within 30 days; each links to its profile. The "Add a
 * pet" link leads to the one form. Pure: all facts (ages, flags) come computed in props.
 */
import type { PetSpecies, VaccinationFlag } from '../../src/domain/pet-form';
import { Notice } from '../components/notice';
import { PetPhoto, VaccinationBadge, speciesLabel } from './pet-parts';
import { t, tx } from '../../src/i18n';

export interface PetListItem {
  href: string;
  photoHref: string | null;
  name: string;
  species: PetSpecies;
  breed: string | null;
  age: string | null;
  /** The worst vaccination flag of the pet. */
  flag: VaccinationFlag;
}

export function PetList(p: { pets: PetListItem[]; addHref: string; banner: string | null }) {
  return (
    <section aria-labelledby="pets-heading">
      <h1 id="pets-heading">{t('pets.list.title')}</h1>
      <Notice text={p.banner} />
      {p.pets.length === 0 ? (
        <p class="empty">{t('pets.list.empty')}</p>
      ) : (
        <ul class="pets-list">
          {p.pets.map((pet) => (
            <li>
              <a href={pet.href}>
                {pet.photoHref ? <PetPhoto href={pet.photoHref} name={pet.name} size={56} /> : <span class="pet-photo none" aria-hidden="true"></span>}
                <span>
                  <strong>{pet.name}</strong>
                  <span class="muted">
                    {' '}
                    · {speciesLabel(pet.species)}
                    {pet.breed ? `, ${pet.breed}` : ''}
                    {pet.age ? ` · ${pet.age}` : ''}
                  </span>
                  {pet.flag ? <span class="vacc"> {tx('pets.list.vaccination', { badge: <VaccinationBadge flag={pet.flag} /> })}</span> : null}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p class="actions">
        <a class="button" href={p.addHref}>
          {t('pets.list.add')}
        </a>
      </p>
    </section>
  );
}
