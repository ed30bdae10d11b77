/**
 * Group classes in the console (issue 14 item 4): the list of a business's classes, one class
 * with its sessions and enrolled pets, one session's roster with attendance, and the writes —
 * a new class, a session added or removed, a pet enrolled or unenrolled, attendance marked.
 *
 * Every statement is scoped to the business and to a session that may work there (`asMember`),
 * and nested rows are reached through their parent (class → session, class → enrollment), so a
 * foreign id matches nothing. Each write's condition is in the statement itself, so what it
 * guards holds under concurrent requests: the class's capacity is counted inside the enrolment's
 * INSERT (two enrolments at once never overfill it), a session is removed only while it is still
 * to come with no attendance, attendance is INSERT OR IGNORE / DELETE (a double tap changes
 * nothing twice). Each write's audit row follows it in the same batch and is written only when
 * the write just changed a row (`changes() = 1`), so a repeat writes no second audit row.
 */
import { and, asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, businesses, classAttendance, classEnrollments, classSessions, clients, groupClasses, pets } from '../schema';
import { asMember, type StaffActor } from './console';
import { auditWhen } from './owners';
import { qualified } from './portal';

/** Pets offered in the "Enroll a pet" list, by client name. */
export const PET_CHOICES_LIMIT = 500;

interface Scope {
  businessId: string;
  tokenHash: string;
  now: number;
}

const enrolledCount = sql<number>`(SELECT count(*) FROM ${classEnrollments} e WHERE e.class_id = ${qualified(groupClasses.id)})`.mapWith(Number);

/** The business's classes, by name, each with its enrolled count, session count and next session. */
export function classListStatements(db: Db, scope: Scope) {
  return {
    business: db
      .select({ groupClassesEnabled: businesses.groupClassesEnabled })
      .from(businesses)
      .where(and(eq(businesses.id, scope.businessId), asMember(businesses.id, scope.tokenHash, scope.now))),
    classes: db
      .select({
        id: groupClasses.id,
        name: groupClasses.name,
        description: groupClasses.description,
        capacity: groupClasses.capacity,
        enrolled: enrolledCount,
        sessions: sql<number>`(SELECT count(*) FROM ${classSessions} s WHERE s.class_id = ${qualified(groupClasses.id)})`.mapWith(Number),
        nextStartsAt: sql<
          number | null
        >`(SELECT min(s.starts_at) FROM ${classSessions} s WHERE s.class_id = ${qualified(groupClasses.id)} AND s.starts_at > ${scope.now})`,
      })
      .from(groupClasses)
      .where(and(eq(groupClasses.businessId, scope.businessId), asMember(groupClasses.businessId, scope.tokenHash, scope.now)))
      .orderBy(asc(groupClasses.name), asc(groupClasses.id)),
  };
}

function classRow(db: Db, scope: Scope, classId: string) {
  return db
    .select({ id: groupClasses.id, name: groupClasses.name, description: groupClasses.description, capacity: groupClasses.capacity, enrolled: enrolledCount })
    .from(groupClasses)
    .where(and(eq(groupClasses.id, classId), eq(groupClasses.businessId, scope.businessId), asMember(groupClasses.businessId, scope.tokenHash, scope.now)));
}

/** One class of this business: the class, its sessions (with attendance counts), its enrolments and the pets that may still join. */
export function classPageStatements(db: Db, scope: Scope, classId: string) {
  const ofClass = (businessIdColumn: AnyColumn) => and(eq(businessIdColumn, scope.businessId), asMember(businessIdColumn, scope.tokenHash, scope.now));
  return {
    klass: classRow(db, scope, classId),
    sessions: db
      .select({
        id: classSessions.id,
        startsAt: classSessions.startsAt,
        endsAt: classSessions.endsAt,
        attendanceCount: sql<number>`(SELECT count(*) FROM ${classAttendance} a WHERE a.session_id = ${qualified(classSessions.id)})`.mapWith(Number),
      })
      .from(classSessions)
      .where(and(eq(classSessions.classId, classId), ofClass(classSessions.businessId)))
      .orderBy(asc(classSessions.startsAt), asc(classSessions.id)),
    enrollments: db
      .select({
        id: classEnrollments.id,
        petId: pets.id,
        petName: pets.name,
        clientId: clients.id,
        clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
        attended: sql<number>`(SELECT count(*) FROM ${classAttendance} a WHERE a.enrollment_id = ${qualified(classEnrollments.id)})`.mapWith(Number),
      })
      .from(classEnrollments)
      .innerJoin(pets, eq(pets.id, classEnrollments.petId))
      .innerJoin(clients, eq(clients.id, classEnrollments.clientId))
      .where(and(eq(classEnrollments.classId, classId), ofClass(classEnrollments.businessId)))
      .orderBy(asc(pets.name), asc(classEnrollments.id)),
    pets: db
      .select({ id: pets.id, name: pets.name, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` })
      .from(pets)
      .innerJoin(clients, and(eq(clients.id, pets.clientId), eq(clients.businessId, pets.businessId)))
      .where(
        and(ofClass(pets.businessId), sql`NOT EXISTS (SELECT 1 FROM ${classEnrollments} e WHERE e.class_id = ${classId} AND e.pet_id = ${qualified(pets.id)})`),
      )
      .orderBy(asc(clients.lastName), asc(clients.firstName), asc(pets.name), asc(pets.id))
      .limit(PET_CHOICES_LIMIT),
  };
}

function roster(db: Db, scope: Scope, classId: string, sessionId: string, enrollmentId?: string) {
  return db
    .select({
      id: classEnrollments.id,
      petName: pets.name,
      clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
      present:
        sql<number>`EXISTS (SELECT 1 FROM ${classAttendance} a WHERE a.enrollment_id = ${qualified(classEnrollments.id)} AND a.session_id = ${sessionId})`.mapWith(
          Number,
        ),
    })
    .from(classEnrollments)
    .innerJoin(pets, eq(pets.id, classEnrollments.petId))
    .innerJoin(clients, eq(clients.id, classEnrollments.clientId))
    .where(
      and(
        eq(classEnrollments.classId, classId),
        eq(classEnrollments.businessId, scope.businessId),
        asMember(classEnrollments.businessId, scope.tokenHash, scope.now),
        enrollmentId === undefined ? undefined : eq(classEnrollments.id, enrollmentId),
      ),
    )
    .orderBy(asc(pets.name), asc(classEnrollments.id));
}

function sessionRow(db: Db, scope: Scope, classId: string, sessionId: string) {
  return db
    .select({ id: classSessions.id, startsAt: classSessions.startsAt, endsAt: classSessions.endsAt })
    .from(classSessions)
    .where(
      and(
        eq(classSessions.id, sessionId),
        eq(classSessions.classId, classId),
        eq(classSessions.businessId, scope.businessId),
        asMember(classSessions.businessId, scope.tokenHash, scope.now),
      ),
    );
}

/** One session of one class of this business, and the class's enrolled pets with whether each attended it. */
export function sessionPageStatements(db: Db, scope: Scope, classId: string, sessionId: string) {
  return { klass: classRow(db, scope, classId), session: sessionRow(db, scope, classId, sessionId), roster: roster(db, scope, classId, sessionId) };
}

/** One enrolled pet's row on a session's roster, with the session (the htmx swap after a toggle). */
export function rosterRowStatements(db: Db, scope: Scope, classId: string, sessionId: string, enrollmentId: string) {
  return {
    klass: classRow(db, scope, classId),
    session: sessionRow(db, scope, classId, sessionId),
    roster: roster(db, scope, classId, sessionId, enrollmentId),
  };
}

const justChanged = sql`changes() = 1`;

function audit(a: StaffActor, action: string, recordType: string, recordId: string, detail: string | null) {
  return {
    id: a.auditId,
    businessId: a.businessId,
    staffAccountId: a.staffAccountId,
    action,
    recordType,
    recordId,
    detail: detail ? detail.slice(0, 300) : null,
    ipAddress: a.ipAddress,
    now: a.now,
  };
}

/** A class of this business whose id is `classId`, in a business the session may work in (SQL condition). */
const ownClass = (a: StaffActor, classId: string) =>
  sql`EXISTS (SELECT 1 FROM ${groupClasses} WHERE ${groupClasses.id} = ${classId} AND ${groupClasses.businessId} = ${a.businessId} AND ${asMember(groupClasses.businessId, a.tokenHash, a.now)})`;

/** A new class; the id comes from the form's submission key, so a repeat of the same form adds nothing. Returns the class's row when it exists. */
export function addClassStatements(db: Db, a: StaffActor, k: { id: string; name: string; description: string | null; capacity: number }) {
  return [
    db.run(sql`INSERT INTO ${groupClasses} ("id", "business_id", "name", "description", "capacity")
      SELECT ${k.id}, ${businesses.id}, ${k.name}, ${k.description}, ${k.capacity}
      FROM ${businesses}
      WHERE ${businesses.id} = ${a.businessId} AND ${asMember(businesses.id, a.tokenHash, a.now)}
        AND NOT EXISTS (SELECT 1 FROM ${groupClasses} again WHERE again.id = ${k.id})`),
    auditWhen(db, audit(a, 'class.add', 'group_class', k.id, `${k.name} (${k.capacity} places)`), justChanged),
    db
      .select({ id: groupClasses.id })
      .from(groupClasses)
      .where(and(eq(groupClasses.id, k.id), eq(groupClasses.businessId, a.businessId))),
  ] as const;
}

/**
 * Renames the class, rewrites its description or changes its places — never to fewer places
 * than pets already enrolled (counted in this UPDATE, so an enrolment at the same moment cannot
 * slip past it). Nothing is written, audit row included, when nothing would change.
 */
export function updateClassStatements(
  db: Db,
  a: StaffActor,
  k: { classId: string; name: string; description: string | null; capacity: number; detail: string },
) {
  const g = groupClasses;
  return [
    db.run(sql`UPDATE ${g} SET "name" = ${k.name}, "description" = ${k.description}, "capacity" = ${k.capacity}
      WHERE ${g.id} = ${k.classId} AND ${g.businessId} = ${a.businessId} AND ${asMember(g.businessId, a.tokenHash, a.now)}
        AND (SELECT count(*) FROM ${classEnrollments} taken WHERE taken.class_id = ${qualified(g.id)}) <= ${k.capacity}
        AND (${g.name} IS NOT ${k.name} OR ${g.description} IS NOT ${k.description} OR ${g.capacity} IS NOT ${k.capacity})`),
    auditWhen(db, audit(a, 'class.update', 'group_class', k.classId, k.detail), justChanged),
  ] as const;
}

/** A session of the class (instants in UTC); the id comes from the form's submission key. Returns the session's row when it exists. */
export function addSessionStatements(db: Db, a: StaffActor, s: { id: string; classId: string; startsAt: number; endsAt: number; detail: string }) {
  return [
    db.run(sql`INSERT INTO ${classSessions} ("id", "business_id", "class_id", "starts_at", "ends_at")
      SELECT ${s.id}, ${a.businessId}, ${s.classId}, CAST(${s.startsAt} AS INTEGER), CAST(${s.endsAt} AS INTEGER)
      WHERE ${ownClass(a, s.classId)} AND NOT EXISTS (SELECT 1 FROM ${classSessions} again WHERE again.id = ${s.id})`),
    auditWhen(db, audit(a, 'class.session.add', 'group_class', s.classId, s.detail), justChanged),
    db
      .select({ id: classSessions.id })
      .from(classSessions)
      .where(and(eq(classSessions.id, s.id), eq(classSessions.classId, s.classId), eq(classSessions.businessId, a.businessId))),
  ] as const;
}

/** Removes the session only while it is still to come and has no attendance. Returns what is left of it (none when removed or never there). */
export function removeSessionStatements(db: Db, a: StaffActor, s: { classId: string; sessionId: string; detail: string }) {
  return [
    db.run(sql`DELETE FROM ${classSessions}
      WHERE ${classSessions.id} = ${s.sessionId} AND ${classSessions.classId} = ${s.classId} AND ${classSessions.businessId} = ${a.businessId}
        AND ${classSessions.startsAt} > ${a.now} AND ${ownClass(a, s.classId)}
        AND NOT EXISTS (SELECT 1 FROM ${classAttendance} x WHERE x.session_id = ${s.sessionId})`),
    auditWhen(db, audit(a, 'class.session.remove', 'class_session', s.sessionId, s.detail), justChanged),
  ] as const;
}

export interface Enrolment {
  /** From the form's submission key: a double tap enrols once. */
  id: string;
  classId: string;
  petId: string;
}

/**
 * Enrols the pet (this business's, through its client) in the class — only while the class has
 * a place left, counted in this INSERT, and the pet is not in it yet; its audit row only when it
 * was written. Returns the enrolment's row when it exists (now, or from an earlier send).
 */
export function enrollStatements(db: Db, a: StaffActor, e: Enrolment) {
  return [
    db.run(sql`INSERT INTO ${classEnrollments} ("id", "business_id", "class_id", "client_id", "pet_id", "enrolled_at")
      SELECT ${e.id}, ${qualified(groupClasses.businessId)}, ${qualified(groupClasses.id)}, p.client_id, p.id, CAST(${a.now} AS INTEGER)
      FROM ${groupClasses}
      JOIN ${pets} p ON p.id = ${e.petId} AND p.business_id = ${qualified(groupClasses.businessId)}
      JOIN ${clients} cl ON cl.id = p.client_id AND cl.business_id = ${qualified(groupClasses.businessId)}
      WHERE ${qualified(groupClasses.id)} = ${e.classId} AND ${qualified(groupClasses.businessId)} = ${a.businessId} AND ${asMember(groupClasses.businessId, a.tokenHash, a.now)}
        AND (${qualified(groupClasses.capacity)} IS NULL OR (SELECT count(*) FROM ${classEnrollments} taken WHERE taken.class_id = ${qualified(groupClasses.id)}) < ${qualified(groupClasses.capacity)})
        AND NOT EXISTS (SELECT 1 FROM ${classEnrollments} again WHERE again.id = ${e.id} OR (again.class_id = ${qualified(groupClasses.id)} AND again.pet_id = p.id))`),
    auditWhen(
      db,
      audit(a, 'class.enroll', 'group_class', e.classId, null),
      sql`${justChanged} AND EXISTS (SELECT 1 FROM ${classEnrollments} WHERE ${classEnrollments.id} = ${e.id})`,
    ),
    db
      .select({ id: classEnrollments.id, petId: classEnrollments.petId })
      .from(classEnrollments)
      .where(and(eq(classEnrollments.id, e.id), eq(classEnrollments.classId, e.classId), eq(classEnrollments.businessId, a.businessId))),
  ] as const;
}

/** After a refused enrolment: is the pet this business's, and is it in the class already? */
export function enrolmentRefusalStatements(db: Db, scope: Scope, classId: string, petId: string) {
  return {
    pet: db
      .select({ id: pets.id, name: pets.name })
      .from(pets)
      .where(and(eq(pets.id, petId), eq(pets.businessId, scope.businessId), asMember(pets.businessId, scope.tokenHash, scope.now))),
    already: db
      .select({ id: classEnrollments.id })
      .from(classEnrollments)
      .where(and(eq(classEnrollments.classId, classId), eq(classEnrollments.petId, petId), eq(classEnrollments.businessId, scope.businessId))),
  };
}

/** Takes the pet out of the class, with the attendance recorded for it. */
export function unenrollStatements(db: Db, a: StaffActor, e: { classId: string; enrollmentId: string; detail: string }) {
  const own = sql`EXISTS (SELECT 1 FROM ${classEnrollments} x WHERE x.id = ${e.enrollmentId} AND x.class_id = ${e.classId} AND x.business_id = ${a.businessId})
    AND ${ownClass(a, e.classId)}`;
  return [
    db.run(sql`DELETE FROM ${classAttendance} WHERE ${classAttendance.enrollmentId} = ${e.enrollmentId} AND ${own}`),
    db.run(sql`DELETE FROM ${classEnrollments}
      WHERE ${classEnrollments.id} = ${e.enrollmentId} AND ${classEnrollments.classId} = ${e.classId} AND ${classEnrollments.businessId} = ${a.businessId}
        AND ${ownClass(a, e.classId)}`),
    auditWhen(db, audit(a, 'class.unenroll', 'class_enrollment', e.enrollmentId, e.detail), justChanged),
  ] as const;
}

/**
 * Marks the enrolled pet present at the session (a row) or absent (no row). Only for a session
 * of this class starting before `opensBefore` (the end of the business's today), and for an
 * enrolment in the same class. Idempotent: present twice is one row, absent twice no row, and
 * the audit row is written only when a row was added or removed.
 */
export function setAttendanceStatements(
  db: Db,
  a: StaffActor,
  x: { classId: string; sessionId: string; enrollmentId: string; present: boolean; opensBefore: number; detail: string },
) {
  const valid = sql`EXISTS (SELECT 1 FROM ${classSessions} s WHERE s.id = ${x.sessionId} AND s.class_id = ${x.classId} AND s.business_id = ${a.businessId} AND s.starts_at < ${x.opensBefore})
    AND EXISTS (SELECT 1 FROM ${classEnrollments} e WHERE e.id = ${x.enrollmentId} AND e.class_id = ${x.classId} AND e.business_id = ${a.businessId})
    AND ${ownClass(a, x.classId)}`;
  const write = x.present
    ? db.run(sql`INSERT OR IGNORE INTO ${classAttendance} ("enrollment_id", "session_id", "business_id")
        SELECT ${x.enrollmentId}, ${x.sessionId}, ${a.businessId} WHERE ${valid}`)
    : db.run(
        sql`DELETE FROM ${classAttendance} WHERE ${classAttendance.enrollmentId} = ${x.enrollmentId} AND ${classAttendance.sessionId} = ${x.sessionId} AND ${valid}`,
      );
  return [
    write,
    auditWhen(db, audit(a, x.present ? 'class.attendance.present' : 'class.attendance.absent', 'class_session', x.sessionId, x.detail), justChanged),
  ] as const;
}

/**
 * Whether this business already removed the session or unenrolment `recordId` (its audit row),
 * so a second tap on "Remove" / "Unenroll" after the first went through lands back on the class
 * page instead of a 404. Another business's ids have no such row here and stay 404.
 */
export function removedStatement(db: Db, scope: Scope, what: 'class_session' | 'class_enrollment', recordId: string) {
  return db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.businessId, scope.businessId),
        eq(auditLog.recordType, what),
        eq(auditLog.recordId, recordId),
        eq(auditLog.action, what === 'class_session' ? 'class.session.remove' : 'class.unenroll'),
        asMember(auditLog.businessId, scope.tokenHash, scope.now),
      ),
    )
    .limit(1);
}
