/**
 * The reads behind "Download your data" (issue 15 item 5): everything Pawtal holds about the
 * signed-in parent, across every client record the account is linked to, as statements for ONE
 * batch (the session statements open it; see routes/data-export.tsx). Every statement is scoped
 * to the live session in SQL with `visibleTo` on the row's own client column, so another
 * parent's rows — in the same business or another — match nothing, whatever the caller passes.
 * No statement takes a client id from the request.
 *
 * Unbounded lists are capped (EXPORT_LIMITS) and each is read with one row more than its cap, so
 * the export can say which sections were cut. Rows hanging under a capped list (an appointment's
 * pets and lines, a card's photos) are read only for the rows inside the cap.
 */
import { and, asc, desc, eq, isNotNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  addOns,
  agreementSignatures,
  agreementVersions,
  agreements,
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  businesses,
  classAttendance,
  classEnrollments,
  classSessions,
  clientMemberships,
  clientPackages,
  clients,
  groupClasses,
  petVaccinations,
  pets,
  portalAccounts,
  reportCardPhotos,
  reportCards,
  services,
  sessions,
  staff,
  storeCreditTransactions,
  vaccinationUploads,
} from '../schema';
import { qualified, visibleTo } from './portal';
import { SESSION_IDLE_MS } from '../../domain/session-policy';
import { parentStatusLabel } from '../../domain/appointment-status';
import { vaccinationFlag } from '../../domain/pet-form';
import { localDateString, localTimeString } from '../../domain/time';

/** The most rows of each list one export carries, over all linked businesses together. */
export const EXPORT_LIMITS = {
  pets: 500,
  vaccinations: 5_000,
  vaccinationUploads: 1_000,
  appointments: 5_000,
  agreementSignatures: 1_000,
  reportCards: 2_000,
  reportCardPhotos: 10_000,
  creditTransactions: 5_000,
  packages: 1_000,
  memberships: 1_000,
  classEnrollments: 1_000,
  classSessions: 10_000,
} as const;

export type ExportSection = keyof typeof EXPORT_LIMITS;

/** Whose data: the live session `tokenHash` at `now`. */
export interface ExportScope {
  tokenHash: string;
  now: number;
}

function mine(column: AnyColumn, scope: ExportScope): SQL {
  return visibleTo(column, scope.tokenHash, scope.now);
}

/** One more than the cap: the extra row, when there is one, says the list was cut. */
function capOf(section: ExportSection): number {
  return EXPORT_LIMITS[section] + 1;
}

/** Condition on appointments.id: the appointment is among the newest EXPORT_LIMITS.appointments of the session's clients. */
function inExportedAppointments(idColumn: AnyColumn, scope: ExportScope): SQL {
  // Unaliased on purpose: visibleTo names "appointments"."client_id", which must bind to this inner table.
  return sql`${qualified(idColumn)} in (select ${qualified(appointments.id)} from ${appointments} where ${visibleTo(appointments.clientId, scope.tokenHash, scope.now)}
    order by ${qualified(appointments.startsAt)} desc, ${qualified(appointments.id)} desc limit ${EXPORT_LIMITS.appointments})`;
}

/** Condition on report_cards.id: the card is sent and among the newest EXPORT_LIMITS.reportCards of the session's clients. */
function inExportedCards(idColumn: AnyColumn, scope: ExportScope): SQL {
  return sql`${qualified(idColumn)} in (select ${qualified(reportCards.id)} from ${reportCards} where ${qualified(reportCards.sentAt)} is not null
    and ${visibleTo(reportCards.clientId, scope.tokenHash, scope.now)}
    order by ${qualified(reportCards.sentAt)} desc, ${qualified(reportCards.id)} desc limit ${EXPORT_LIMITS.reportCards})`;
}

/**
 * The export's statements, named (loadSignedInNamed keeps the names): the account, the linked
 * client records with their businesses, and every section. Nothing here is awaited.
 */
export function dataExportStatements(db: Db, scope: ExportScope) {
  const { tokenHash, now } = scope;
  const account = db
    .select({
      id: portalAccounts.id,
      phoneE164: portalAccounts.phoneE164,
      email: portalAccounts.email,
      hasPassword: sql<boolean>`${portalAccounts.passwordHash} is not null`.mapWith(Boolean),
      createdAt: portalAccounts.createdAt,
    })
    .from(sessions)
    .innerJoin(portalAccounts, eq(portalAccounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, tokenHash), sql`${sessions.expiresAt} > ${now}`, sql`${sessions.lastSeenAt} > ${now - SESSION_IDLE_MS}`))
    .limit(1);

  const clientRows = db
    .select({
      id: clients.id,
      firstName: clients.firstName,
      lastName: clients.lastName,
      phoneE164: clients.phoneE164,
      email: clients.email,
      createdAt: clients.createdAt,
      businessId: businesses.id,
      businessName: businesses.name,
      businessPhone: businesses.phone,
      businessAddress: businesses.address,
    })
    .from(clients)
    .innerJoin(businesses, eq(businesses.id, clients.businessId))
    .where(mine(clients.id, scope))
    .orderBy(asc(businesses.name), asc(clients.lastName), asc(clients.firstName), asc(clients.id));

  const petRows = db
    .select({
      id: pets.id,
      clientId: pets.clientId,
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
      hasPhoto: sql<boolean>`${pets.photoKey} is not null`.mapWith(Boolean),
      createdAt: pets.createdAt,
    })
    .from(pets)
    .where(mine(pets.clientId, scope))
    .orderBy(asc(pets.name), asc(pets.id))
    .limit(capOf('pets'));

  const vaccinations = db
    .select({
      id: petVaccinations.id,
      petId: petVaccinations.petId,
      name: petVaccinations.name,
      expiresOn: petVaccinations.expiresOn,
      verifiedAt: petVaccinations.verifiedAt,
    })
    .from(petVaccinations)
    .innerJoin(pets, and(eq(pets.id, petVaccinations.petId), eq(pets.businessId, petVaccinations.businessId)))
    .where(mine(pets.clientId, scope))
    .orderBy(asc(petVaccinations.petId), sql`${petVaccinations.expiresOn} is null`, asc(petVaccinations.expiresOn), asc(petVaccinations.name))
    .limit(capOf('vaccinations'));

  const uploads = db
    .select({
      id: vaccinationUploads.id,
      petId: vaccinationUploads.petId,
      status: vaccinationUploads.status,
      entries: vaccinationUploads.entries,
      rejectReason: vaccinationUploads.rejectReason,
      contentType: vaccinationUploads.contentType,
      sizeBytes: vaccinationUploads.sizeBytes,
      uploadedAt: vaccinationUploads.uploadedAt,
      decidedAt: vaccinationUploads.decidedAt,
    })
    .from(vaccinationUploads)
    .innerJoin(pets, and(eq(pets.id, vaccinationUploads.petId), eq(pets.clientId, vaccinationUploads.clientId)))
    .where(mine(vaccinationUploads.clientId, scope))
    .orderBy(desc(vaccinationUploads.uploadedAt), desc(vaccinationUploads.id))
    .limit(capOf('vaccinationUploads'));

  const appointmentRows = db
    .select({
      id: appointments.id,
      clientId: appointments.clientId,
      serviceType: appointments.serviceType,
      status: appointments.status,
      declinedByBusiness: appointments.declinedByBusiness,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      notes: appointments.notes,
      cancelReason: appointments.cancelReason,
      onlinePaymentKind: appointments.onlinePaymentKind,
      onlinePaymentMinor: appointments.onlinePaymentMinor,
      onlinePaymentCurrency: appointments.onlinePaymentCurrency,
      depositRequiredMinor: appointments.depositRequiredMinor,
      vaccinationRecordNeeded: appointments.vaccinationRecordNeeded,
      createdAt: appointments.createdAt,
      updatedAt: appointments.updatedAt,
    })
    .from(appointments)
    .where(mine(appointments.clientId, scope))
    .orderBy(desc(appointments.startsAt), desc(appointments.id))
    .limit(capOf('appointments'));

  // An appointment's pets and lines: only the client's own pets, only appointments inside the cap.
  const appointmentPetRows = db
    .select({
      id: appointmentPets.id,
      appointmentId: appointmentPets.appointmentId,
      petId: pets.id,
      petName: pets.name,
    })
    .from(appointmentPets)
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(pets, and(eq(pets.id, appointmentPets.petId), eq(pets.clientId, appointments.clientId)))
    .where(and(mine(appointments.clientId, scope), inExportedAppointments(appointments.id, scope)))
    .orderBy(asc(appointmentPets.appointmentId), asc(pets.name), asc(pets.id));

  const serviceLines = db
    .select({
      appointmentPetId: appointmentServices.appointmentPetId,
      name: services.name,
      priceMinor: appointmentServices.priceMinor,
      staffFirstName: staff.firstName,
      staffLastName: staff.lastName,
      staffRequested: appointmentServices.staffRequested,
    })
    .from(appointmentServices)
    .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentServices.appointmentPetId))
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(services, eq(services.id, appointmentServices.serviceId))
    .leftJoin(staff, eq(staff.id, appointmentServices.staffId))
    .where(and(mine(appointments.clientId, scope), inExportedAppointments(appointments.id, scope)))
    .orderBy(asc(appointmentServices.appointmentPetId), asc(services.name), asc(appointmentServices.id));

  const addOnLines = db
    .select({
      appointmentPetId: appointmentAddOns.appointmentPetId,
      name: addOns.name,
      priceMinor: appointmentAddOns.priceMinor,
      staffFirstName: staff.firstName,
      staffLastName: staff.lastName,
    })
    .from(appointmentAddOns)
    .innerJoin(appointmentPets, eq(appointmentPets.id, appointmentAddOns.appointmentPetId))
    .innerJoin(appointments, eq(appointments.id, appointmentPets.appointmentId))
    .innerJoin(addOns, eq(addOns.id, appointmentAddOns.addOnId))
    .leftJoin(staff, eq(staff.id, appointmentAddOns.staffId))
    .where(and(mine(appointments.clientId, scope), inExportedAppointments(appointments.id, scope)))
    .orderBy(asc(appointmentAddOns.appointmentPetId), asc(addOns.name), asc(appointmentAddOns.id));

  const signatures = db
    .select({
      id: agreementSignatures.id,
      clientId: agreementSignatures.clientId,
      agreementId: agreements.id,
      title: agreements.title,
      versionId: agreementVersions.id,
      version: agreementVersions.version,
      publishedAt: agreementVersions.publishedAt,
      body: agreementVersions.body,
      signerName: agreementSignatures.signerName,
      method: agreementSignatures.method,
      hasImage: sql<boolean>`${agreementSignatures.signatureKey} is not null`.mapWith(Boolean),
      textSha256: agreementSignatures.textSha256,
      consentGiven: agreementSignatures.consentGiven,
      signedAt: agreementSignatures.signedAt,
      ipAddress: agreementSignatures.ipAddress,
      userAgent: agreementSignatures.userAgent,
    })
    .from(agreementSignatures)
    .innerJoin(agreementVersions, eq(agreementVersions.id, agreementSignatures.agreementVersionId))
    .innerJoin(agreements, and(eq(agreements.id, agreementVersions.agreementId), eq(agreements.businessId, agreementSignatures.businessId)))
    .where(mine(agreementSignatures.clientId, scope))
    .orderBy(desc(agreementSignatures.signedAt), desc(agreementSignatures.id))
    .limit(capOf('agreementSignatures'));

  const cards = db
    .select({
      id: reportCards.id,
      clientId: reportCards.clientId,
      petId: reportCards.petId,
      petName: pets.name,
      sentAt: reportCards.sentAt,
      mood: reportCards.mood,
      activities: reportCards.activities,
      eating: reportCards.eating,
      potty: reportCards.potty,
      staffComment: reportCards.staffComment,
      staffFirstName: staff.firstName,
      appointmentId: appointments.id,
    })
    .from(reportCards)
    .innerJoin(pets, and(eq(pets.id, reportCards.petId), eq(pets.clientId, reportCards.clientId)))
    .leftJoin(appointments, and(eq(appointments.id, reportCards.appointmentId), eq(appointments.clientId, reportCards.clientId)))
    .leftJoin(staff, and(eq(staff.id, reportCards.staffId), eq(staff.businessId, reportCards.businessId)))
    // Sent cards only: a draft is the business's until it is sent (SPEC §7).
    .where(and(isNotNull(reportCards.sentAt), mine(reportCards.clientId, scope)))
    .orderBy(desc(reportCards.sentAt), desc(reportCards.id))
    .limit(capOf('reportCards'));

  const photos = db
    .select({
      id: reportCardPhotos.id,
      reportCardId: reportCardPhotos.reportCardId,
      width: reportCardPhotos.width,
      height: reportCardPhotos.height,
    })
    .from(reportCardPhotos)
    .innerJoin(reportCards, and(eq(reportCards.id, reportCardPhotos.reportCardId), eq(reportCards.businessId, reportCardPhotos.businessId)))
    .where(and(isNotNull(reportCards.sentAt), mine(reportCards.clientId, scope), inExportedCards(reportCards.id, scope)))
    .orderBy(asc(reportCardPhotos.reportCardId), asc(reportCardPhotos.position), asc(reportCardPhotos.id))
    .limit(capOf('reportCardPhotos'));

  const credit = db
    .select({
      id: storeCreditTransactions.id,
      clientId: storeCreditTransactions.clientId,
      amountMinor: storeCreditTransactions.amountMinor,
      currency: storeCreditTransactions.currency,
      reason: storeCreditTransactions.reason,
      createdAt: storeCreditTransactions.createdAt,
      appointmentId: appointments.id,
    })
    .from(storeCreditTransactions)
    .leftJoin(appointments, and(eq(appointments.id, storeCreditTransactions.appointmentId), eq(appointments.clientId, storeCreditTransactions.clientId)))
    .where(mine(storeCreditTransactions.clientId, scope))
    .orderBy(desc(storeCreditTransactions.createdAt), desc(storeCreditTransactions.id))
    .limit(capOf('creditTransactions'));

  // Balances over every transaction, not only those inside the cap.
  const balances = db
    .select({
      clientId: storeCreditTransactions.clientId,
      currency: storeCreditTransactions.currency,
      balanceMinor: sql<number>`sum(${storeCreditTransactions.amountMinor})`.mapWith(Number),
    })
    .from(storeCreditTransactions)
    .where(mine(storeCreditTransactions.clientId, scope))
    .groupBy(storeCreditTransactions.clientId, storeCreditTransactions.currency)
    .orderBy(asc(storeCreditTransactions.clientId), asc(storeCreditTransactions.currency));

  const packageRows = db
    .select({
      id: clientPackages.id,
      clientId: clientPackages.clientId,
      name: clientPackages.name,
      covers: clientPackages.covers,
      totalQuantity: clientPackages.totalQuantity,
      remainingQuantity: clientPackages.remainingQuantity,
      purchasedOn: clientPackages.purchasedOn,
      expiresOn: clientPackages.expiresOn,
      priceMinor: clientPackages.priceMinor,
    })
    .from(clientPackages)
    .where(mine(clientPackages.clientId, scope))
    .orderBy(desc(clientPackages.purchasedOn), desc(clientPackages.id))
    .limit(capOf('packages'));

  const membershipRows = db
    .select({
      id: clientMemberships.id,
      clientId: clientMemberships.clientId,
      planName: clientMemberships.planName,
      status: clientMemberships.status,
      perks: clientMemberships.perks,
      priceMinor: clientMemberships.priceMinor,
      currency: clientMemberships.currency,
      period: clientMemberships.period,
      startedOn: clientMemberships.startedOn,
      nextRenewalOn: clientMemberships.nextRenewalOn,
    })
    .from(clientMemberships)
    .where(mine(clientMemberships.clientId, scope))
    .orderBy(asc(clientMemberships.planName), asc(clientMemberships.id))
    .limit(capOf('memberships'));

  const enrollments = db
    .select({
      id: classEnrollments.id,
      clientId: classEnrollments.clientId,
      classId: groupClasses.id,
      className: groupClasses.name,
      description: groupClasses.description,
      petId: pets.id,
      petName: pets.name,
      enrolledAt: classEnrollments.enrolledAt,
    })
    .from(classEnrollments)
    .innerJoin(groupClasses, and(eq(groupClasses.id, classEnrollments.classId), eq(groupClasses.businessId, classEnrollments.businessId)))
    .innerJoin(pets, and(eq(pets.id, classEnrollments.petId), eq(pets.clientId, classEnrollments.clientId)))
    .where(mine(classEnrollments.clientId, scope))
    .orderBy(asc(groupClasses.name), asc(pets.name), asc(classEnrollments.id))
    .limit(capOf('classEnrollments'));

  // Each session of each enrolled class, once per enrollment, with whether that enrollment attended.
  const classSessionRows = db
    .select({
      enrollmentId: classEnrollments.id,
      sessionId: classSessions.id,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      attended: sql<boolean>`exists (select 1 from ${classAttendance} ca where ca.enrollment_id = ${qualified(classEnrollments.id)}
        and ca.session_id = ${qualified(classSessions.id)})`.mapWith(Boolean),
    })
    .from(classEnrollments)
    .innerJoin(classSessions, and(eq(classSessions.classId, classEnrollments.classId), eq(classSessions.businessId, classEnrollments.businessId)))
    .where(mine(classEnrollments.clientId, scope))
    .orderBy(asc(classEnrollments.id), asc(classSessions.startsAt), asc(classSessions.id))
    .limit(capOf('classSessions'));

  return {
    account,
    clients: clientRows,
    pets: petRows,
    vaccinations,
    uploads,
    appointments: appointmentRows,
    appointmentPets: appointmentPetRows,
    serviceLines,
    addOnLines,
    signatures,
    cards,
    photos,
    credit,
    balances,
    packages: packageRows,
    memberships: membershipRows,
    enrollments,
    classSessions: classSessionRows,
  };
}

type Statements = ReturnType<typeof dataExportStatements>;

/** What the batch answers, statement by statement. */
export type ExportRows = { [K in keyof Statements]: Awaited<Statements[K]> };

// ---------------------------------------------------------------------------------------------
// The document: the rows above, shaped as docs/data-export.md describes (formatVersion 1)
// ---------------------------------------------------------------------------------------------

/** Bumped when a field changes meaning or is removed; adding a field keeps the version. */
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportBusinessContext {
  clientId: string;
  business: {
    id: string;
    name: string;
    timeZone: string;
    currency: string;
    locale: string;
    country: string;
  };
}

export interface ExportInput {
  rows: ExportRows;
  /** Client records whose business has the portal on (availableProfiles), in the header's order. */
  available: ExportBusinessContext[];
  /** Linked businesses whose portal is not on yet: named only. */
  notAvailable: { name: string }[];
  /** The origin links start with (publicOrigin), no trailing slash. */
  origin: string;
  now: number;
}

export interface ExportVaccination {
  name: string;
  expiresOn: string | null;
  /** On the business's calendar today: 'valid', 'expiring' (within 30 days), 'expired', or 'no_expiry'. */
  state: 'valid' | 'expiring' | 'expired' | 'no_expiry';
  verified: boolean;
  verifiedAt: string | null;
}

export interface ExportPet {
  id: string;
  name: string;
  species: string;
  breed: string | null;
  sex: string;
  birthday: string | null;
  weightGrams: number | null;
  colour: string | null;
  spayedNeutered: boolean | null;
  vetName: string | null;
  vetPhone: string | null;
  medications: string | null;
  feeding: string | null;
  behaviourNotes: string | null;
  photoUrl: string | null;
  photoThumbnailUrl: string | null;
  createdAt: string;
  vaccinations: ExportVaccination[];
  vaccinationUploads: {
    id: string;
    status: string;
    entries: unknown;
    rejectReason: string | null;
    contentType: string;
    sizeBytes: number;
    uploadedAt: string;
    decidedAt: string | null;
  }[];
}

export interface ExportLine {
  name: string;
  priceMinor: number;
  staff: string | null;
}

export interface ExportAppointment {
  id: string;
  url: string;
  serviceType: string;
  status: string;
  statusLabel: string;
  declinedByBusiness: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  startsAtLocal: string;
  endsAtLocal: string;
  pets: { petId: string; name: string; services: (ExportLine & { staffRequested: boolean })[]; addOns: ExportLine[] }[];
  totalMinor: number;
  currency: string;
  notes: string | null;
  cancelReason: string | null;
  onlinePayment: { kind: string; amountMinor: number; currency: string } | null;
  depositRequiredMinor: number | null;
  vaccinationRecordNeeded: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ExportSignature {
  id: string;
  agreementId: string;
  title: string;
  version: number;
  versionPublishedAt: string;
  text: string;
  textSha256: string;
  signerName: string;
  method: string;
  consentGiven: boolean;
  signedAt: string;
  ipAddress: string | null;
  userAgent: string | null;
  signatureImageUrl: string | null;
  signedCopyUrl: string;
}

export interface ExportReportCard {
  id: string;
  petId: string;
  petName: string;
  sentAt: string;
  appointmentId: string | null;
  mood: string | null;
  activities: string | null;
  eating: string | null;
  potty: string | null;
  staffComment: string | null;
  staffFirstName: string | null;
  photos: { id: string; width: number; height: number; thumbnailUrl: string; fullUrl: string }[];
}

export interface ExportBusiness {
  business: { id: string; name: string; timeZone: string; currency: string; locale: string; country: string; phone: string | null; address: string | null };
  client: { id: string; firstName: string; lastName: string; phone: string; email: string | null; createdAt: string };
  pets: ExportPet[];
  appointments: ExportAppointment[];
  agreements: ExportSignature[];
  reportCards: ExportReportCard[];
  storeCredit: {
    balances: { currency: string; balanceMinor: number }[];
    transactions: { id: string; createdAt: string; amountMinor: number; currency: string; reason: string; appointmentId: string | null }[];
  };
  packages: {
    id: string;
    name: string;
    covers: string;
    totalQuantity: number;
    remainingQuantity: number;
    purchasedOn: string;
    expiresOn: string | null;
    priceMinor: number | null;
    currency: string;
  }[];
  memberships: {
    id: string;
    planName: string;
    status: string;
    perks: string | null;
    priceMinor: number;
    currency: string;
    period: string;
    startedOn: string | null;
    nextRenewalOn: string | null;
  }[];
  classes: {
    enrollmentId: string;
    classId: string;
    className: string;
    description: string | null;
    petId: string;
    petName: string;
    enrolledAt: string;
    sessions: { id: string; startsAt: string; endsAt: string; attended: boolean }[];
  }[];
}

export interface ExportDocument {
  formatVersion: number;
  generatedAt: string;
  documentation: string;
  limits: typeof EXPORT_LIMITS;
  /** Sections that reached their limit: the export holds the newest (or first) `limits[section]` rows only. */
  truncated: ExportSection[];
  account: { id: string; phone: string; email: string | null; hasPassword: boolean; createdAt: string };
  businesses: ExportBusiness[];
  notAvailableYet: { name: string }[];
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** The rows inside the cap, and whether the cap cut the list. */
function capped<T>(rows: readonly T[], section: ExportSection, truncated: ExportSection[]): readonly T[] {
  if (rows.length <= EXPORT_LIMITS[section]) return rows;
  truncated.push(section);
  return rows.slice(0, EXPORT_LIMITS[section]);
}

function personName(first: string | null, last: string | null): string | null {
  const name = [first, last].filter(Boolean).join(' ').trim();
  return name === '' ? null : name;
}

/** Wall-clock `YYYY-MM-DDTHH:MM` in `tz`. */
function localIso(d: Date, tz: string): string {
  return `${localDateString(d, tz)}T${localTimeString(d, tz)}`;
}

function vaccinationState(expiresOn: string | null, today: string): ExportVaccination['state'] {
  if (!expiresOn) return 'no_expiry';
  return vaccinationFlag(expiresOn, today) ?? 'valid';
}

function parseEntries(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * The export document: one entry per client record whose business has the portal on, each
 * with its sections; rows of other records (a business whose portal is off) are left out.
 * Pure: the rows come from dataExportStatements, already scoped to the session.
 */
export function buildExportDocument({ rows, available, notAvailable, origin, now }: ExportInput): ExportDocument {
  const truncated: ExportSection[] = [];
  const account = rows.account[0];
  // loadSignedIn found the live session, so its account row is there.
  if (!account) throw new Error('account missing for a live session');

  const petRows = capped(rows.pets, 'pets', truncated);
  const vaccinationsByPet = groupBy(capped(rows.vaccinations, 'vaccinations', truncated), (v) => v.petId);
  const uploadsByPet = groupBy(capped(rows.uploads, 'vaccinationUploads', truncated), (u) => u.petId);
  const appointmentRows = capped(rows.appointments, 'appointments', truncated);
  const petsByAppointment = groupBy(rows.appointmentPets, (p) => p.appointmentId);
  const servicesByLine = groupBy(rows.serviceLines, (l) => l.appointmentPetId);
  const addOnsByLine = groupBy(rows.addOnLines, (l) => l.appointmentPetId);
  const signatureRows = capped(rows.signatures, 'agreementSignatures', truncated);
  const cardRows = capped(rows.cards, 'reportCards', truncated);
  const photosByCard = groupBy(capped(rows.photos, 'reportCardPhotos', truncated), (p) => p.reportCardId);
  const creditRows = capped(rows.credit, 'creditTransactions', truncated);
  const packageRows = capped(rows.packages, 'packages', truncated);
  const membershipRows = capped(rows.memberships, 'memberships', truncated);
  const enrollmentRows = capped(rows.enrollments, 'classEnrollments', truncated);
  const sessionsByEnrollment = groupBy(capped(rows.classSessions, 'classSessions', truncated), (s) => s.enrollmentId);
  const clientRows = new Map(rows.clients.map((c) => [c.id, c]));

  const byClient = <T extends { clientId: string }>(list: readonly T[]) => groupBy(list, (r) => r.clientId);
  const petsOf = byClient(petRows);
  const appointmentsOf = byClient(appointmentRows);
  const signaturesOf = byClient(signatureRows);
  const cardsOf = byClient(cardRows);
  const creditOf = byClient(creditRows);
  const balancesOf = byClient(rows.balances);
  const packagesOf = byClient(packageRows);
  const membershipsOf = byClient(membershipRows);
  const enrollmentsOf = byClient(enrollmentRows);

  const businesses: ExportBusiness[] = [];
  for (const { clientId, business } of available) {
    const client = clientRows.get(clientId);
    if (!client) continue;
    const base = `${origin}/c/${clientId}`;
    const tz = business.timeZone;
    const today = localDateString(now, tz);
    businesses.push({
      business: {
        id: business.id,
        name: business.name,
        timeZone: tz,
        currency: business.currency,
        locale: business.locale,
        country: business.country,
        phone: client.businessPhone,
        address: client.businessAddress,
      },
      client: {
        id: client.id,
        firstName: client.firstName,
        lastName: client.lastName,
        phone: client.phoneE164,
        email: client.email,
        createdAt: iso(client.createdAt),
      },
      pets: (petsOf.get(clientId) ?? []).map((p) => ({
        id: p.id,
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
        photoUrl: p.hasPhoto ? `${base}/pets/${p.id}/photo?size=full` : null,
        photoThumbnailUrl: p.hasPhoto ? `${base}/pets/${p.id}/photo?size=thumb` : null,
        createdAt: iso(p.createdAt),
        vaccinations: (vaccinationsByPet.get(p.id) ?? []).map((v) => ({
          name: v.name,
          expiresOn: v.expiresOn,
          state: vaccinationState(v.expiresOn, today),
          verified: v.verifiedAt !== null,
          verifiedAt: isoOrNull(v.verifiedAt),
        })),
        vaccinationUploads: (uploadsByPet.get(p.id) ?? []).map((u) => ({
          id: u.id,
          status: u.status,
          entries: parseEntries(u.entries),
          rejectReason: u.rejectReason,
          contentType: u.contentType,
          sizeBytes: u.sizeBytes,
          uploadedAt: iso(u.uploadedAt),
          decidedAt: isoOrNull(u.decidedAt),
        })),
      })),
      appointments: (appointmentsOf.get(clientId) ?? []).map((a) => {
        const petLines = (petsByAppointment.get(a.id) ?? []).map((ap) => ({
          petId: ap.petId,
          name: ap.petName,
          services: (servicesByLine.get(ap.id) ?? []).map((l) => ({
            name: l.name,
            priceMinor: l.priceMinor,
            staff: personName(l.staffFirstName, l.staffLastName),
            staffRequested: l.staffRequested,
          })),
          addOns: (addOnsByLine.get(ap.id) ?? []).map((l) => ({
            name: l.name,
            priceMinor: l.priceMinor,
            staff: personName(l.staffFirstName, l.staffLastName),
          })),
        }));
        const totalMinor = petLines.reduce((sum, p) => sum + [...p.services, ...p.addOns].reduce((s, l) => s + l.priceMinor, 0), 0);
        return {
          id: a.id,
          url: `${base}/appointments/${a.id}`,
          serviceType: a.serviceType,
          status: a.status,
          statusLabel: parentStatusLabel(a, business.name),
          declinedByBusiness: a.declinedByBusiness,
          startsAt: iso(a.startsAt),
          endsAt: iso(a.endsAt),
          timeZone: tz,
          startsAtLocal: localIso(a.startsAt, tz),
          endsAtLocal: localIso(a.endsAt, tz),
          pets: petLines,
          totalMinor,
          currency: business.currency,
          notes: a.notes,
          cancelReason: a.cancelReason,
          onlinePayment:
            a.onlinePaymentKind && a.onlinePaymentMinor !== null && a.onlinePaymentCurrency
              ? { kind: a.onlinePaymentKind, amountMinor: a.onlinePaymentMinor, currency: a.onlinePaymentCurrency }
              : null,
          depositRequiredMinor: a.depositRequiredMinor,
          vaccinationRecordNeeded: a.vaccinationRecordNeeded,
          createdAt: iso(a.createdAt),
          updatedAt: iso(a.updatedAt),
        };
      }),
      agreements: (signaturesOf.get(clientId) ?? []).map((s) => {
        const copy = `${base}/agreements/${s.agreementId}/signed/${s.id}`;
        return {
          id: s.id,
          agreementId: s.agreementId,
          title: s.title,
          version: s.version,
          versionPublishedAt: iso(s.publishedAt),
          text: s.body,
          textSha256: s.textSha256,
          signerName: s.signerName,
          method: s.method,
          consentGiven: s.consentGiven,
          signedAt: iso(s.signedAt),
          ipAddress: s.ipAddress,
          userAgent: s.userAgent,
          signatureImageUrl: s.hasImage ? `${copy}/image` : null,
          signedCopyUrl: copy,
        };
      }),
      reportCards: (cardsOf.get(clientId) ?? []).flatMap((r) =>
        r.sentAt
          ? [
              {
                id: r.id,
                petId: r.petId,
                petName: r.petName,
                sentAt: iso(r.sentAt),
                appointmentId: r.appointmentId,
                mood: r.mood,
                activities: r.activities,
                eating: r.eating,
                potty: r.potty,
                staffComment: r.staffComment,
                staffFirstName: r.staffFirstName,
                photos: (photosByCard.get(r.id) ?? []).map((ph) => {
                  const photo = `${base}/report-cards/${r.id}/photos/${ph.id}`;
                  return { id: ph.id, width: ph.width, height: ph.height, thumbnailUrl: `${photo}?size=thumb`, fullUrl: `${photo}?size=full` };
                }),
              },
            ]
          : [],
      ),
      storeCredit: {
        balances: (balancesOf.get(clientId) ?? []).map((b) => ({ currency: b.currency, balanceMinor: b.balanceMinor })),
        transactions: (creditOf.get(clientId) ?? []).map((t) => ({
          id: t.id,
          createdAt: iso(t.createdAt),
          amountMinor: t.amountMinor,
          currency: t.currency,
          reason: t.reason,
          appointmentId: t.appointmentId,
        })),
      },
      packages: (packagesOf.get(clientId) ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        covers: p.covers,
        totalQuantity: p.totalQuantity,
        remainingQuantity: p.remainingQuantity,
        purchasedOn: p.purchasedOn,
        expiresOn: p.expiresOn,
        priceMinor: p.priceMinor,
        currency: business.currency,
      })),
      memberships: (membershipsOf.get(clientId) ?? []).map((m) => ({
        id: m.id,
        planName: m.planName,
        status: m.status,
        perks: m.perks,
        priceMinor: m.priceMinor,
        currency: m.currency,
        period: m.period,
        startedOn: m.startedOn,
        nextRenewalOn: m.nextRenewalOn,
      })),
      classes: (enrollmentsOf.get(clientId) ?? []).map((e) => ({
        enrollmentId: e.id,
        classId: e.classId,
        className: e.className,
        description: e.description,
        petId: e.petId,
        petName: e.petName,
        enrolledAt: iso(e.enrolledAt),
        sessions: (sessionsByEnrollment.get(e.id) ?? []).map((s) => ({
          id: s.sessionId,
          startsAt: iso(s.startsAt),
          endsAt: iso(s.endsAt),
          attended: s.attended,
        })),
      })),
    });
  }

  return {
    formatVersion: EXPORT_FORMAT_VERSION,
    generatedAt: new Date(now).toISOString(),
    documentation: 'docs/data-export.md in the Pawtal source',
    limits: EXPORT_LIMITS,
    truncated,
    account: { id: account.id, phone: account.phoneE164, email: account.email, hasPassword: account.hasPassword, createdAt: iso(account.createdAt) },
    businesses,
    notAvailableYet: notAvailable,
  };
}
