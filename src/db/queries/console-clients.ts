/**
 * The console's clients and pets (issue 10 item 5): the searchable list, the client page, and
 * the writes — add / edit a client (linking a portal account with the number at once, SPEC
 * §3.4), edit a pet — each with its audit row in the same batch. Every statement is scoped by
 * `asMember`, so another business's client or pet id reads and writes nothing.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  accountClientLinks,
  agreementSignatures,
  agreementVersions,
  agreements,
  appointmentPets,
  appointments,
  auditLog,
  businesses,
  clients,
  invitations,
  petVaccinations,
  pets,
  portalAccounts,
  sessions,
  storeCreditTransactions,
} from '../schema';
import type { NewPet } from '../../domain/pet-form';
import { MAX_CLIENTS_PER_REQUEST } from '../../domain/invitation';
import { asMember } from './console';
import { qualified } from './portal';
import { petProfileColumns } from './pets';
import { textLanguageColumn } from '../../messaging/text-language';

export const CLIENTS_PAGE_SIZE = 25;
/** Appointments shown on the client page, each side of now. */
export const CLIENT_APPOINTMENTS = 10;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

/** What a search query matches: words (names, email, pet name) and, when it reads as a phone, digits. */
export interface ClientSearch {
  text: string;
  /** Digit strings a phone number in E.164 would contain (the typed digits; without a trunk 0). */
  digits: string[];
}

/** Reads the `q` of the list: at most 100 characters; a query of phone characters with ≥ 4 digits is a phone search too. */
export function clientSearch(raw: string | undefined): ClientSearch | null {
  const text = (raw ?? '').trim().slice(0, 100);
  if (!text) return null;
  const only = text.replace(/\D/g, '');
  const digits = /^[\d\s+().\-/]+$/.test(text) && only.length >= 4 ? [...new Set([only, only.replace(/^0+/, '')])].filter(Boolean) : [];
  return { text: text.toLowerCase(), digits };
}

function like(s: string): string {
  return `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

function matches(search: ClientSearch | null): SQL | undefined {
  if (!search) return undefined;
  const pattern = like(search.text);
  const parts: SQL[] = [
    sql`lower(${clients.firstName} || ' ' || ${clients.lastName}) like ${pattern} escape '\\'`,
    sql`lower(${clients.lastName} || ' ' || ${clients.firstName}) like ${pattern} escape '\\'`,
    sql`lower(coalesce(${clients.email}, '')) like ${pattern} escape '\\'`,
    sql`exists (select 1 from ${pets} p where p.client_id = ${qualified(clients.id)} and lower(p.name) like ${pattern} escape '\\')`,
    ...search.digits.map((d) => sql`${clients.phoneE164} like ${like(d)} escape '\\'`),
  ];
  return sql`(${sql.join(parts, sql` or `)})`;
}

const portalColumns = {
  registered: sql<number>`exists (select 1 from ${accountClientLinks} l where l.client_id = ${qualified(clients.id)})`.mapWith(Number),
  invitedAt: sql<
    number | null
  >`(select max(i.created_at) from ${invitations} i where i.client_id = ${qualified(clients.id)} and i.business_id = ${qualified(clients.businessId)})`,
  lastSeenAt: sql<
    number | null
  >`(select max(s.last_seen_at) from ${accountClientLinks} l join ${sessions} s on s.account_id = l.account_id where l.client_id = ${qualified(clients.id)})`,
};

/** The list page: one page of matching clients (by last, first name) with pets and portal status, and how many match. */
export function clientListStatements(db: Db, scope: Scope, search: ClientSearch | null, page: number) {
  const where = and(eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now), matches(search));
  return {
    rows: db
      .select({
        id: clients.id,
        firstName: clients.firstName,
        lastName: clients.lastName,
        phoneE164: clients.phoneE164,
        email: clients.email,
        petNames: sql<
          string | null
        >`(select group_concat(name, ', ') from (select p.name from ${pets} p where p.client_id = ${qualified(clients.id)} order by p.name))`,
        ...portalColumns,
      })
      .from(clients)
      .where(where)
      .orderBy(asc(sql`lower(${clients.lastName})`), asc(sql`lower(${clients.firstName})`), asc(clients.id))
      .limit(CLIENTS_PAGE_SIZE)
      .offset((page - 1) * CLIENTS_PAGE_SIZE),
    total: db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(clients)
      .where(where),
    notInvited: db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(clients)
      .where(and(eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now), notYetInvited())),
  };
}

function notYetInvited(): SQL {
  return sql`not exists (select 1 from ${invitations} i where i.client_id = ${qualified(clients.id)})
    and not exists (select 1 from ${accountClientLinks} l where l.client_id = ${qualified(clients.id)})`;
}

/** The business as the client forms need it (country for phones, zone and locale for dates). */
export function businessForForms(db: Db, scope: Scope) {
  return db
    .select({
      id: businesses.id,
      name: businesses.name,
      country: businesses.country,
      timeZone: businesses.timeZone,
      locale: businesses.locale,
      currency: businesses.currency,
    })
    .from(businesses)
    .where(and(eq(businesses.id, scope.businessId), asMember(businesses.id, scope.tokenHash, scope.now)));
}

function ownClient(scope: Scope, clientId: string) {
  return and(eq(clients.id, clientId), eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now));
}

/** One client (for the edit form and before an invitation). */
export function clientStatement(db: Db, scope: Scope, clientId: string) {
  return db
    .select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName, phoneE164: clients.phoneE164, email: clients.email })
    .from(clients)
    .where(ownClient(scope, clientId));
}

/** The client page, one batch: the client with portal status, pets and vaccinations, appointments, agreements, credit. */
export function clientPageStatements(db: Db, scope: Scope, clientId: string) {
  const own = ownClient(scope, clientId);
  const ownedPets = and(eq(pets.clientId, clientId), eq(pets.businessId, scope.businessId), asMember(pets.businessId, scope.tokenHash, scope.now));
  const ownAppointments = and(
    eq(appointments.clientId, clientId),
    eq(appointments.businessId, scope.businessId),
    asMember(appointments.businessId, scope.tokenHash, scope.now),
  );
  const appointmentColumns = {
    id: appointments.id,
    serviceType: appointments.serviceType,
    status: appointments.status,
    startsAt: appointments.startsAt,
    endsAt: appointments.endsAt,
    declinedByBusiness: appointments.declinedByBusiness,
    petNames: sql<
      string | null
    >`(select group_concat(p.name, ', ') from ${appointmentPets} ap join ${pets} p on p.id = ap.pet_id where ap.appointment_id = ${qualified(appointments.id)})`,
  };
  const isNewest = sql`${agreementVersions.version} = (select max(v2.version) from ${agreementVersions} v2 where v2.agreement_id = ${agreementVersions.agreementId})`;
  return {
    client: db
      .select({
        id: clients.id,
        firstName: clients.firstName,
        lastName: clients.lastName,
        phoneE164: clients.phoneE164,
        email: clients.email,
        createdAt: clients.createdAt,
        ...portalColumns,
        invitedChannel: sql<
          string | null
        >`(select i.channel from ${invitations} i where i.client_id = ${qualified(clients.id)} order by i.created_at desc limit 1)`,
        country: businesses.country,
      })
      .from(clients)
      .innerJoin(businesses, eq(businesses.id, clients.businessId))
      .where(own),
    pets: db
      .select({ id: pets.id, name: pets.name, species: pets.species, breed: pets.breed, birthday: pets.birthday, weightGrams: pets.weightGrams })
      .from(pets)
      .where(ownedPets)
      .orderBy(asc(pets.name), asc(pets.id)),
    vaccinations: db
      .select({ petId: petVaccinations.petId, name: petVaccinations.name, expiresOn: petVaccinations.expiresOn })
      .from(petVaccinations)
      .innerJoin(pets, and(eq(pets.id, petVaccinations.petId), eq(pets.businessId, petVaccinations.businessId)))
      .where(ownedPets)
      .orderBy(sql`${petVaccinations.expiresOn} is null`, asc(petVaccinations.expiresOn)),
    upcoming: db
      .select(appointmentColumns)
      .from(appointments)
      .where(and(ownAppointments, gte(appointments.endsAt, new Date(scope.now))))
      .orderBy(asc(appointments.startsAt))
      .limit(CLIENT_APPOINTMENTS),
    recent: db
      .select(appointmentColumns)
      .from(appointments)
      .where(and(ownAppointments, lt(appointments.endsAt, new Date(scope.now))))
      .orderBy(desc(appointments.startsAt))
      .limit(CLIENT_APPOINTMENTS),
    agreements: db
      .select({
        title: agreements.title,
        version: agreementVersions.version,
        signedAt: sql<
          number | null
        >`(select max(s.signed_at) from ${agreementSignatures} s where s.client_id = ${clientId} and s.agreement_version_id = ${qualified(agreementVersions.id)})`,
        signedOlder:
          sql<number>`exists (select 1 from ${agreementSignatures} s join ${agreementVersions} v on v.id = s.agreement_version_id where s.client_id = ${clientId} and v.agreement_id = ${qualified(agreements.id)})`.mapWith(
            Number,
          ),
      })
      .from(agreements)
      .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), isNewest))
      .where(and(eq(agreements.businessId, scope.businessId), asMember(agreements.businessId, scope.tokenHash, scope.now)))
      .orderBy(asc(agreements.title), asc(agreements.id)),
    credit: db
      .select({ currency: storeCreditTransactions.currency, balanceMinor: sql<number>`sum(${storeCreditTransactions.amountMinor})`.mapWith(Number) })
      .from(storeCreditTransactions)
      .where(
        and(
          eq(storeCreditTransactions.clientId, clientId),
          eq(storeCreditTransactions.businessId, scope.businessId),
          asMember(storeCreditTransactions.businessId, scope.tokenHash, scope.now),
        ),
      )
      .groupBy(storeCreditTransactions.currency),
  };
}

// ---- Writes -----------------------------------------------------------------------------------

export interface AuditInput {
  id: string;
  staffAccountId: string;
  ipAddress: string | null;
}

export interface ClientFields {
  firstName: string;
  lastName: string;
  phoneE164: string;
  email: string | null;
}

/** Links the client record to the portal account with its number, if there is one (SPEC §3.4); nothing when linked already. */
function linkAccount(db: Db, clientId: string, now: number) {
  return db.run(sql`insert or ignore into ${accountClientLinks} (account_id, client_id, business_id, created_at)
    select a.id, c.id, c.business_id, CAST(${now} AS INTEGER)
    from ${clients} c join ${portalAccounts} a on a.phone_e164 = c.phone_e164
    where c.id = ${clientId}
    and not exists (select 1 from ${accountClientLinks} l where l.account_id = a.id and l.client_id = c.id)`);
}

function audit(db: Db, scope: Scope, a: AuditInput, action: string, recordType: string, recordId: string, detail: string | null, when: SQL) {
  return db.run(sql`insert into ${auditLog} (id, business_id, staff_account_id, action, record_type, record_id, detail, ip_address, created_at)
    select ${a.id}, ${scope.businessId}, ${a.staffAccountId}, ${action}, ${recordType}, ${recordId}, ${detail}, ${a.ipAddress}, CAST(${scope.now} AS INTEGER)
    where ${when}`);
}

/** Adds a client (only where the staff member works), links a portal account with the number, writes the audit row. */
export function addClientStatements(db: Db, scope: Scope, input: { id: string; fields: ClientFields; audit: AuditInput }) {
  const f = input.fields;
  return [
    db.run(sql`insert into ${clients} (id, business_id, first_name, last_name, phone_e164, email, created_at)
      select ${input.id}, ${businesses.id}, ${f.firstName}, ${f.lastName}, ${f.phoneE164}, ${f.email}, CAST(${scope.now} AS INTEGER)
      from ${businesses} where ${businesses.id} = ${scope.businessId} and ${asMember(businesses.id, scope.tokenHash, scope.now)}`),
    linkAccount(db, input.id, scope.now),
    audit(
      db,
      scope,
      input.audit,
      'client.create',
      'client',
      input.id,
      `${f.firstName} ${f.lastName}`,
      sql`exists (select 1 from ${clients} where ${clients.id} = ${input.id})`,
    ),
    db
      .select({ linked: sql<number>`count(*)`.mapWith(Number) })
      .from(accountClientLinks)
      .where(eq(accountClientLinks.clientId, input.id)),
  ] as const;
}

/**
 * Edits a client: the update (only our business's client), then — when the number changed —
 * the links of accounts with another number removed and the account with the new one linked,
 * and the audit row when the update applied. RETURNING says whether it did.
 */
export function editClientStatements(db: Db, scope: Scope, input: { clientId: string; fields: ClientFields; changed: string; audit: AuditInput }) {
  const f = input.fields;
  const update = db
    .update(clients)
    .set({ firstName: f.firstName, lastName: f.lastName, phoneE164: f.phoneE164, email: f.email })
    .where(ownClient(scope, input.clientId))
    .returning({ id: clients.id });
  const unlink = db
    .delete(accountClientLinks)
    .where(
      and(
        eq(accountClientLinks.clientId, input.clientId),
        eq(accountClientLinks.businessId, scope.businessId),
        asMember(accountClientLinks.businessId, scope.tokenHash, scope.now),
        sql`${accountClientLinks.accountId} not in (select a.id from ${portalAccounts} a where a.phone_e164 = ${f.phoneE164})`,
      ),
    );
  return [
    update,
    unlink,
    linkAccount(db, input.clientId, scope.now),
    audit(
      db,
      scope,
      input.audit,
      'client.update',
      'client',
      input.clientId,
      input.changed,
      sql`exists (select 1 from ${clients} where ${ownClient(scope, input.clientId)})`,
    ),
  ] as const;
}

/** One pet of one client of the business, every field the form edits. */
export function petForEditStatement(db: Db, scope: Scope, clientId: string, petId: string) {
  return db
    .select({
      ...petProfileColumns,
      clientFirstName: clients.firstName,
      clientLastName: clients.lastName,
    })
    .from(pets)
    .innerJoin(clients, eq(clients.id, pets.clientId))
    .where(and(eq(pets.id, petId), eq(pets.clientId, clientId), eq(pets.businessId, scope.businessId), asMember(pets.businessId, scope.tokenHash, scope.now)));
}

/** Staff edit a pet (its photo stays): the update scoped to our business's client, and its audit row when it applied. */
export function editPetStatements(db: Db, scope: Scope, input: { clientId: string; petId: string; pet: NewPet; audit: AuditInput }) {
  const p = input.pet;
  const update = db
    .update(pets)
    .set({
      name: p.name,
      species: p.species,
      breed: p.breed,
      sex: p.sex,
      birthday: p.birthday,
      weightGrams: p.weightGrams,
      colour: p.colour,
      spayedNeutered: p.spayedNeutered,
      vetName: p.vetName,
      vetPhone: p.vetPhone,
      medications: p.medications,
      feeding: p.feeding,
      behaviourNotes: p.behaviourNotes,
    })
    .where(
      and(
        eq(pets.id, input.petId),
        eq(pets.clientId, input.clientId),
        eq(pets.businessId, scope.businessId),
        asMember(pets.businessId, scope.tokenHash, scope.now),
      ),
    )
    .returning({ id: pets.id });
  return [
    update,
    audit(
      db,
      scope,
      input.audit,
      'pet.update',
      'pet',
      input.petId,
      p.name,
      sql`exists (select 1 from ${pets} where ${pets.id} = ${input.petId} and ${pets.businessId} = ${scope.businessId} and ${asMember(pets.businessId, scope.tokenHash, scope.now)})`,
    ),
  ] as const;
}

// ---- Invitations ------------------------------------------------------------------------------

/** With the language of the client's message: an account's with their phone, else the business's (the two joins below). */
const targetColumns = { id: clients.id, firstName: clients.firstName, phoneE164: clients.phoneE164, email: clients.email, language: textLanguageColumn() };

/** The business (portal switches) and which of `clientIds` are its clients — or, with `everyone`, its clients not yet invited. */
export function inviteTargetStatements(db: Db, scope: Scope, pick: { clientIds: string[] } | { everyone: true; channel: 'sms' | 'email' }) {
  const base = and(eq(clients.businessId, scope.businessId), asMember(clients.businessId, scope.tokenHash, scope.now));
  const targets =
    'everyone' in pick
      ? db
          .select(targetColumns)
          .from(clients)
          .innerJoin(businesses, eq(businesses.id, clients.businessId))
          .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
          .where(and(base, notYetInvited(), pick.channel === 'email' ? sql`${clients.email} is not null` : undefined))
          .orderBy(asc(clients.createdAt), asc(clients.id))
          .limit(MAX_CLIENTS_PER_REQUEST)
      : db
          .select(targetColumns)
          .from(clients)
          .innerJoin(businesses, eq(businesses.id, clients.businessId))
          .leftJoin(portalAccounts, eq(portalAccounts.phoneE164, clients.phoneE164))
          .where(and(base, inArray(clients.id, pick.clientIds.length ? pick.clientIds : [''])));
  const business = db
    .select({
      id: businesses.id,
      name: businesses.name,
      offersBoarding: businesses.offersBoarding,
      offersDaycare: businesses.offersDaycare,
      offersGrooming: businesses.offersGrooming,
      offersTraining: businesses.offersTraining,
      groomingBetaGranted: businesses.groomingBetaGranted,
    })
    .from(businesses)
    .where(and(eq(businesses.id, scope.businessId), asMember(businesses.id, scope.tokenHash, scope.now)));
  return { business, targets };
}

/** One audit row per invited client, for the invitations' own batch. */
export function inviteAuditStatements(
  db: Db,
  scope: Scope,
  input: { rows: { id: string; clientId: string }[]; channel: string; staffAccountId: string; ipAddress: string | null },
) {
  const out = [];
  for (let i = 0; i < input.rows.length; i += 100) {
    out.push(
      db.insert(auditLog).values(
        input.rows.slice(i, i + 100).map((r) => ({
          id: r.id,
          businessId: scope.businessId,
          staffAccountId: input.staffAccountId,
          action: 'client.invite',
          recordType: 'client',
          recordId: r.clientId,
          detail: input.channel === 'sms' ? 'by text' : 'by email',
          ipAddress: input.ipAddress,
          createdAt: new Date(scope.now),
        })),
      ),
    );
  }
  return out;
}
