/**
 * "Add a pet": the one form, shown empty and re-shown (422) with what was typed and each
 * field's message. It posts multipart (the optional photo) to the same URL; without JS it is
 * a plain form post. A refused photo is never kept, so the photo field asks again. The server
 * makes the photo's small copies (storage/photo-copies.ts): nothing runs in the browser for it.
 */
import { MAX_PHOTO_BYTES, PET_FIELD_MAX, type PetFormErrors, type PetFormValues, type WeightUnit } from '../../src/domain/pet-form';
import { Field } from '../components/field';
import { Choices, SelectField } from '../booking/steps';
import { t } from '../../src/i18n';
import { sexLabel, speciesLabel, spellingOf } from './pet-parts';

export interface NewPetFormProps {
  action: string;
  cancelHref: string;
  values: PetFormValues;
  errors: PetFormErrors;
  weightUnit: WeightUnit;
  /** Business calendar dates bounding the birthday (YYYY-MM-DD). */
  birthdayMin: string;
  birthdayMax: string;
  /** The business's locale, for its spelling (Color/Colour). */
  locale: string;
  /** One per form: a double tap or a resend adds the pet once. */
  submissionKey: string;
}

export function NewPetForm(p: NewPetFormProps) {
  const spelling = spellingOf(p.locale);
  const v = p.values;
  const e = p.errors;
  const errorCount = Object.keys(e).length;
  const opts = (list: [string, string][], current: string) => list.map(([value, label]) => ({ value, label, checked: value === current }));
  return (
    <section class="card" aria-labelledby="new-pet-heading">
      <h1 id="new-pet-heading">{t('pets.new.title')}</h1>
      {errorCount ? (
        <p class="error" role="alert">
          {t('pets.new.checkFields', { count: errorCount })}
        </p>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="key" value={p.submissionKey} />
        <Field id="pet-name" name="name" label={t('pets.new.name')} value={v.name} error={e.name} maxlength={PET_FIELD_MAX.name} required autocomplete="off" />
        <Choices
          name="species"
          legend={t('pets.field.species')}
          type="radio"
          error={e.species}
          options={opts(
            [
              ['dog', speciesLabel('dog')],
              ['cat', speciesLabel('cat')],
              ['other', speciesLabel('other')],
            ],
            v.species,
          )}
        />
        <Field id="pet-breed" name="breed" label={t('pets.new.breed')} value={v.breed} error={e.breed} maxlength={PET_FIELD_MAX.breed} />
        <SelectField
          id="pet-sex"
          name="sex"
          label={t('pets.field.sex')}
          error={e.sex}
          options={opts(
            [
              ['unknown', t('pets.notSure')],
              ['female', sexLabel('female')],
              ['male', sexLabel('male')],
            ],
            v.sex,
          )}
        />
        <Field
          id="pet-birthday"
          name="birthday"
          label={t('pets.new.birthday')}
          type="date"
          value={v.birthday}
          error={e.birthday}
          min={p.birthdayMin}
          max={p.birthdayMax}
        />
        <Field
          id="pet-weight"
          name="weight"
          label={t('pets.new.weight', { unit: p.weightUnit })}
          value={v.weight}
          error={e.weight}
          inputmode="text"
          hint={t('pets.new.weightHint')}
          maxlength={10}
        />
        <Field id="pet-colour" name="colour" label={t('pets.new.colour', { spelling })} value={v.colour} error={e.colour} maxlength={PET_FIELD_MAX.colour} />
        <SelectField
          id="pet-spayed"
          name="spayedNeutered"
          label={t('pets.field.spayedNeutered')}
          error={e.spayedNeutered}
          options={opts(
            [
              ['', t('pets.notSure')],
              ['yes', t('pets.yes')],
              ['no', t('pets.no')],
            ],
            v.spayedNeutered,
          )}
        />
        <Field id="pet-vet-name" name="vetName" label={t('pets.new.vetName')} value={v.vetName} error={e.vetName} maxlength={PET_FIELD_MAX.vetName} />
        <Field
          id="pet-vet-phone"
          name="vetPhone"
          label={t('pets.new.vetPhone')}
          type="tel"
          value={v.vetPhone}
          error={e.vetPhone}
          maxlength={PET_FIELD_MAX.vetPhone}
        />
        <Field
          id="pet-medications"
          name="medications"
          label={t('pets.new.medications')}
          multiline
          value={v.medications}
          error={e.medications}
          maxlength={PET_FIELD_MAX.medications}
        />
        <Field id="pet-feeding" name="feeding" label={t('pets.new.feeding')} multiline value={v.feeding} error={e.feeding} maxlength={PET_FIELD_MAX.feeding} />
        <Field
          id="pet-behaviour"
          name="behaviourNotes"
          label={t('pets.new.behaviourNotes', { spelling })}
          multiline
          value={v.behaviourNotes}
          error={e.behaviourNotes}
          maxlength={PET_FIELD_MAX.behaviourNotes}
        />
        <Field
          id="pet-photo"
          name="photo"
          label={t('pets.new.photo')}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          hint={t('pets.new.photoHint', { mb: MAX_PHOTO_BYTES / 1024 / 1024 })}
          error={e.photo}
          hx={{ 'data-max-bytes': String(MAX_PHOTO_BYTES) }}
        />
        <p class="actions">
          <button type="submit">{t('pets.new.submit')}</button> <a href={p.cancelHref}>{t('pets.cancel')}</a>
        </p>
      </form>
    </section>
  );
}
