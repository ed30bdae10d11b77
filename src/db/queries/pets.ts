/**
 * Reads and the one write of a client's pets (SPEC §6), always through the client record
 * (tenant first) and scoped to the signed-in session in SQL (`visibleTo`), so another
 * client's or business's pet id matches no row. Each function returns statements for the
 * caller's one batch and never awaits them itself.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businessNotifications, clients, petVaccinations, pets } from '../schema';
import { webhookDeliveriesForNotification } from './webhooks';
import { visibleTo } from './portal';
import type { NewPet } from '../../domain/pet-form';

export interface PetScope {
  clientId: string;
  tokenHash: string;
  now: number;
}

function ofClient(scope: PetScope) {
  return and(eq(pets.clientId, scope.clientId), visibleTo(pets.clientId, scope.tokenHash, scope.now));
}

const listColumns = {
  id: pets.id,
  name: pets.name,
  species: pets.species,
  breed: pets.breed,
  birthday: pets.birthday,
  hasPhoto: sql<number>`${pets.photoKey} is not null`.mapWith(Boolean),
};

/** The list page: the client's pets by name, and every vaccination of theirs (for the flags). */
export function petListStatements(db: Db, scope: PetScope) {
  const rows = db.select(listColumns).from(pets).where(ofClient(scope)).orderBy(asc(pets.name), asc(pets.id));
  const vaccinations = db
    .select({ petId: petVaccinations.petId, name: petVaccinations.name, expiresOn: petVaccinations.expiresOn })
    .from(petVaccinations)
    .innerJoin(pets, and(eq(pets.id, petVaccinations.petId), eq(pets.businessId, petVaccinations.businessId)))
    .where(ofClient(scope));
  return [rows, vaccinations] as const;
}

export type PetListRow = Awaited<ReturnType<typeof petListStatements>[0]>[number];

/** Every field of a pet's profile (SPEC §6): the portal's profile page and the console's pet edit. */
export const petProfileColumns = {
  id: pets.id,
  name: pets.name,
  species: pets.species,
  breed: pets.breed,
  sex: pets.sex,
  birthday: pets.birthday,
  weightGrams: pets.weightGrams,
  colour: pets.colour,
  spayedNeutered: pets.spayedNeutered,
  vetName: pets.vetName,
  vetPhone: pets.vetPhone,
  medications: pets.medications,
  feeding: pets.feeding,
  behaviourNotes: pets.behaviourNotes,
};

/** The profile page: every field of one pet and its vaccinations, soonest expiry first. */
export function petProfileStatements(db: Db, scope: PetScope, petId: string) {
  const owned = and(eq(pets.id, petId), ofClient(scope));
  const pet = db
    .select({
      ...petProfileColumns,
      hasPhoto: listColumns.hasPhoto,
    })
    .from(pets)
    .where(owned);
  const vaccinations = db
    .select({ id: petVaccinations.id, name: petVaccinations.name, expiresOn: petVaccinations.expiresOn })
    .from(petVaccinations)
    .innerJoin(pets, and(eq(pets.id, petVaccinations.petId), eq(pets.businessId, petVaccinations.businessId)))
    .where(owned)
    .orderBy(sql`${petVaccinations.expiresOn} is null`, asc(petVaccinations.expiresOn), asc(petVaccinations.name));
  return [pet, vaccinations] as const;
}

export type PetProfileRow = Awaited<ReturnType<typeof petProfileStatements>[0]>[number];
export type VaccinationRow = Awaited<ReturnType<typeof petProfileStatements>[1]>[number];

/** The object-store key of one pet's photo (no row when the pet is not the viewer's). */
export function petPhotoStatements(db: Db, scope: PetScope, petId: string) {
  return [
    db
      .select({ photoKey: pets.photoKey })
      .from(pets)
      .where(and(eq(pets.id, petId), ofClient(scope))),
  ] as const;
}

export interface AddPet {
  id: string;
  clientId: string;
  pet: NewPet;
  photoKey: string | null;
  /** The form's key: a second insert with it adds nothing (UNIQUE(client_id, submission_key)). */
  submissionKey: string | null;
  notificationId: string;
  notificationSummary: string;
  now: number;
  tokenHash: string;
}

/**
 * Adds a pet to the client record and tells its business, as one atomic batch. The pet row
 * is copied from the client record only while the session may still see it (`visibleTo`), so
 * the business id comes from the database, never from the request; the notification is
 * written only when the pet row was.
 */
export function addPetStatements(db: Db, a: AddPet) {
  const p = a.pet;
  const spayed = p.spayedNeutered === null ? null : p.spayedNeutered ? 1 : 0;
  const insertPet = db.run(sql`insert into ${pets} (id, business_id, client_id, name, species, breed, sex, birthday,
      weight_grams, colour, spayed_neutered, vet_name, vet_phone, medications, feeding, behaviour_notes, photo_key, submission_key, created_at)
    select ${a.id}, ${clients.businessId}, ${clients.id}, ${p.name}, ${p.species}, ${p.breed}, ${p.sex}, ${p.birthday},
      ${p.weightGrams}, ${p.colour}, ${spayed}, ${p.vetName}, ${p.vetPhone}, ${p.medications}, ${p.feeding},
      ${p.behaviourNotes}, ${a.photoKey}, ${a.submissionKey}, ${a.now}
    from ${clients} where ${clients.id} = ${a.clientId} and ${visibleTo(clients.id, a.tokenHash, a.now)}
    on conflict (client_id, submission_key) do nothing`);
  const notify = db.run(sql`insert into ${businessNotifications} (id, business_id, kind, client_id, summary, created_at)
    select ${a.notificationId}, ${pets.businessId}, 'pet_added', ${pets.clientId}, ${a.notificationSummary}, ${a.now}
    from ${pets} where ${pets.id} = ${a.id}`);
  // The pet this form's key added (this one, or an earlier send of the same form).
  const keyed = db
    .select({ id: pets.id })
    .from(pets)
    .where(and(eq(pets.clientId, a.clientId), eq(pets.submissionKey, a.submissionKey ?? '')));
  return [insertPet, notify, webhookDeliveriesForNotification(db, a.notificationId), keyed] as const;
}
