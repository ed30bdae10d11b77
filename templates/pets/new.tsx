/**
 * "Add a pet": the one form, shown empty and re-shown (422) with what was typed and each
 * field's message. It posts multipart (the optional photo) to the same URL; without JS it is
 * a plain form post. A refused photo is never kept, so the photo field asks again. The server
 * makes the photo's small copies (storage/photo-copies.ts): nothing runs in the browser for it.
 */
import { MAX_PHOTO_BYTES, PET_FIELD_MAX, type PetFormErrors, type PetFormValues, type WeightUnit } from '../../src/domain/pet-form';
import { Field } from '../components/field';
import { spellings } from '../../src/domain/locale';
import { Choices, SelectField } from '../booking/steps';

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
  const words = spellings(p.locale);
  const v = p.values;
  const e = p.errors;
  const errorCount = Object.keys(e).length;
  const opts = (list: [string, string][], current: string) => list.map(([value, label]) => ({ value, label, checked: value === current }));
  return (
    <section class="card" aria-labelledby="new-pet-heading">
      <h1 id="new-pet-heading">Add a pet</h1>
      {errorCount ? (
        <p class="error" role="alert">
          Please check {errorCount === 1 ? 'the field' : `the ${errorCount} fields`} marked below.
        </p>
      ) : null}
      <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="key" value={p.submissionKey} />
        <Field id="pet-name" name="name" label="Name" value={v.name} error={e.name} maxlength={PET_FIELD_MAX.name} required autocomplete="off" />
        <Choices
          name="species"
          legend="Species"
          type="radio"
          error={e.species}
          options={opts(
            [
              ['dog', 'Dog'],
              ['cat', 'Cat'],
              ['other', 'Other'],
            ],
            v.species,
          )}
        />
        <Field id="pet-breed" name="breed" label="Breed (optional)" value={v.breed} error={e.breed} maxlength={PET_FIELD_MAX.breed} />
        <SelectField
          id="pet-sex"
          name="sex"
          label="Sex"
          error={e.sex}
          options={opts(
            [
              ['unknown', 'Not sure'],
              ['female', 'Female'],
              ['male', 'Male'],
            ],
            v.sex,
          )}
        />
        <Field
          id="pet-birthday"
          name="birthday"
          label="Birthday (optional)"
          type="date"
          value={v.birthday}
          error={e.birthday}
          min={p.birthdayMin}
          max={p.birthdayMax}
        />
        <Field
          id="pet-weight"
          name="weight"
          label={`Weight in ${p.weightUnit} (optional)`}
          value={v.weight}
          error={e.weight}
          inputmode="text"
          hint="A number, e.g. 12.5"
          maxlength={10}
        />
        <Field id="pet-colour" name="colour" label={`${words.colour} (optional)`} value={v.colour} error={e.colour} maxlength={PET_FIELD_MAX.colour} />
        <SelectField
          id="pet-spayed"
          name="spayedNeutered"
          label="Spayed/neutered"
          error={e.spayedNeutered}
          options={opts(
            [
              ['', 'Not sure'],
              ['yes', 'Yes'],
              ['no', 'No'],
            ],
            v.spayedNeutered,
          )}
        />
        <Field id="pet-vet-name" name="vetName" label="Vet's name or clinic (optional)" value={v.vetName} error={e.vetName} maxlength={PET_FIELD_MAX.vetName} />
        <Field
          id="pet-vet-phone"
          name="vetPhone"
          label="Vet's phone (optional)"
          type="tel"
          value={v.vetPhone}
          error={e.vetPhone}
          maxlength={PET_FIELD_MAX.vetPhone}
        />
        <Field
          id="pet-medications"
          name="medications"
          label="Medications (optional)"
          multiline
          value={v.medications}
          error={e.medications}
          maxlength={PET_FIELD_MAX.medications}
        />
        <Field id="pet-feeding" name="feeding" label="Feeding (optional)" multiline value={v.feeding} error={e.feeding} maxlength={PET_FIELD_MAX.feeding} />
        <Field
          id="pet-behaviour"
          name="behaviourNotes"
          label={`${words.behaviour} notes (optional)`}
          multiline
          value={v.behaviourNotes}
          error={e.behaviourNotes}
          maxlength={PET_FIELD_MAX.behaviourNotes}
        />
        <Field
          id="pet-photo"
          name="photo"
          label="Photo (optional)"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          hint={`JPEG, PNG or WebP, up to ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`}
          error={e.photo}
          hx={{ 'data-max-bytes': String(MAX_PHOTO_BYTES) }}
        />
        <p class="actions">
          <button type="submit">Add pet</button> <a href={p.cancelHref}>Cancel</a>
        </p>
      </form>
    </section>
  );
}
