import { describe, expect, it } from 'vitest';
import {
  EMPTY_PET_FORM,
  MAX_PHOTO_BYTES,
  ageOn,
  checkPetForm,
  checkPhoto,
  earliestBirthday,
  formatWeight,
  petFormValues,
  photoTypeOf,
  vaccinationFlag,
  weightUnitFor,
  type PetFormValues,
} from '../../src/domain/pet-form';

const TODAY = '2026-11-23';
const form = (over: Partial<PetFormValues>): PetFormValues => ({ ...EMPTY_PET_FORM, name: 'Biscuit', species: 'dog', ...over });
const errorsOf = (over: Partial<PetFormValues>, unit: 'kg' | 'lb' = 'kg') => {
  const r = checkPetForm(form(over), TODAY, unit);
  return r.ok ? {} : r.errors;
};

describe('checkPetForm', () => {
  it('accepts a name and species alone, with every optional field empty as null', () => {
    const r = checkPetForm(form({}), TODAY, 'kg');
    expect(r).toEqual({
      ok: true,
      pet: {
        name: 'Biscuit',
        species: 'dog',
        breed: null,
        sex: 'unknown',
        birthday: null,
        weightGrams: null,
        colour: null,
        spayedNeutered: null,
        vetName: null,
        vetPhone: null,
        medications: null,
        feeding: null,
        behaviourNotes: null,
      },
    });
  });

  it('requires a name', () => {
    expect(errorsOf({ name: '' }).name).toBe("Enter your pet's name.");
  });

  it.each(['', 'horse', 'Dog'])('requires a known species (%j)', (species) => {
    expect(errorsOf({ species }).species).toBe('Choose dog, cat or other.');
  });

  it('refuses a birthday in the future (by the business calendar date)', () => {
    expect(errorsOf({ birthday: '2026-11-24' }).birthday).toBe('The birthday cannot be in the future.');
    expect(errorsOf({ birthday: TODAY }).birthday).toBeUndefined();
  });

  it('refuses a birthday more than 40 years ago, and one that is not a date', () => {
    expect(errorsOf({ birthday: '1986-11-22' }).birthday).toBe('The birthday cannot be more than 40 years ago.');
    expect(errorsOf({ birthday: '1986-11-23' }).birthday).toBeUndefined();
    expect(errorsOf({ birthday: '2021-02-30' }).birthday).toBe('Enter the birthday as a date, e.g. 2021-04-30.');
    expect(errorsOf({ birthday: 'last spring' }).birthday).toBe('Enter the birthday as a date, e.g. 2021-04-30.');
  });

  it.each(['-5', '-0.5', '0', '0.0'])('refuses a weight that is not positive (%s)', (weight) => {
    expect(errorsOf({ weight }).weight).toBe('The weight must be more than 0.');
  });

  it('refuses a weight above the sane maximum, in the unit asked', () => {
    expect(errorsOf({ weight: '151' }, 'kg').weight).toBe('The weight must be 150 kg or less.');
    expect(errorsOf({ weight: '331' }, 'lb').weight).toBe('The weight must be 330 lb or less.');
    expect(errorsOf({ weight: 'heavy' }, 'lb').weight).toBe('Enter the weight in lb as a number, e.g. 12.5.');
  });

  it('stores the weight in grams from kg or lb (a comma decimal too)', () => {
    const kg = checkPetForm(form({ weight: '12,5' }), TODAY, 'kg');
    const lb = checkPetForm(form({ weight: '22' }), TODAY, 'lb');
    expect(kg.ok && kg.pet.weightGrams).toBe(12_500);
    expect(lb.ok && lb.pet.weightGrams).toBe(9_979);
  });

  it('caps free text and reads spayed/neutered as yes/no/unknown', () => {
    expect(errorsOf({ medications: 'x'.repeat(1001) }).medications).toBe('Keep this under 1000 characters.');
    expect(errorsOf({ name: 'x'.repeat(61) }).name).toBe('Keep this under 60 characters.');
    const yes = checkPetForm(form({ spayedNeutered: 'yes' }), TODAY, 'kg');
    expect(yes.ok && yes.pet.spayedNeutered).toBe(true);
    expect(errorsOf({ spayedNeutered: 'maybe' }).spayedNeutered).toBe('Choose yes, no or not sure.');
  });
});

describe('petFormValues', () => {
  it('trims strings and ignores non-strings (a File in a text field)', () => {
    const v = petFormValues({ name: '  Biscuit ', species: 'dog', breed: new File(['x'], 'x.txt'), feeding: 'a\r\nb' });
    expect(v.name).toBe('Biscuit');
    expect(v.breed).toBe('');
    expect(v.feeding).toBe('a\nb');
  });
});

describe('photoTypeOf / checkPhoto', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const webp = new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 ');
  const gif = new TextEncoder().encode('GIF89a......');
  const text = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');

  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(photoTypeOf(jpeg)).toBe('image/jpeg');
    expect(photoTypeOf(png)).toBe('image/png');
    expect(photoTypeOf(webp)).toBe('image/webp');
  });

  it.each([
    ['GIF', gif],
    ['SVG', text],
    ['empty', new Uint8Array()],
    ['RIFF but not WebP (WAV)', new TextEncoder().encode('RIFF\x10\x00\x00\x00WAVEfmt ')],
  ])('refuses %s', (_, bytes) => {
    expect(checkPhoto(bytes.length, bytes)).toEqual({ ok: false, error: 'The photo must be a JPEG, PNG or WebP image.' });
  });

  it('refuses a photo over 5 MB even with image bytes (the header checks are in image-header.test.ts)', () => {
    expect(checkPhoto(MAX_PHOTO_BYTES + 1, jpeg)).toEqual({ ok: false, error: 'The photo is too large: choose one of 5 MB or less.' });
  });
});

describe('display rules', () => {
  it('weighs in lb for US businesses and en-US, kg elsewhere', () => {
    expect(weightUnitFor({ locale: 'en-US', country: 'US' })).toBe('lb');
    expect(weightUnitFor({ locale: 'en-US', country: 'CA' })).toBe('lb');
    expect(weightUnitFor({ locale: 'en-GB', country: 'GB' })).toBe('kg');
    expect(weightUnitFor({ locale: 'de-DE', country: 'DE' })).toBe('kg');
    expect(formatWeight(12_500, 'kg', 'en-GB')).toBe('12.5 kg');
    expect(formatWeight(9_979, 'lb', 'en-US')).toBe('22 lb');
  });

  it('says the age in years and months, months, weeks or days', () => {
    expect(ageOn('2023-09-10', TODAY)).toBe('3 years, 2 months');
    expect(ageOn('2025-11-23', TODAY)).toBe('1 year');
    expect(ageOn('2026-06-24', TODAY)).toBe('4 months');
    expect(ageOn('2026-11-01', TODAY)).toBe('3 weeks');
    expect(ageOn('2026-11-22', TODAY)).toBe('1 day');
    expect(ageOn('2026-11-24', TODAY)).toBeNull();
  });

  it('flags a vaccination expired after its date, expiring within 30 days', () => {
    expect(vaccinationFlag('2026-11-22', TODAY)).toBe('expired');
    expect(vaccinationFlag(TODAY, TODAY)).toBe('expiring');
    expect(vaccinationFlag('2026-12-23', TODAY)).toBe('expiring');
    expect(vaccinationFlag('2026-12-24', TODAY)).toBeNull();
    expect(vaccinationFlag(null, TODAY)).toBeNull();
  });

  it('bounds birthdays 40 years back, leap days included', () => {
    expect(earliestBirthday(TODAY)).toBe('1986-11-23');
    expect(earliestBirthday('2028-02-29')).toBe('1988-02-29');
  });
});
