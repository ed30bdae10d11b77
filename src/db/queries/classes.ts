/**
 * Reads of the group classes a client's pets are enrolled in (SPEC §10): the enrollments
 * (class and pet), every session of those classes, and the attendance recorded for the
 * client's enrollments. Through the client and scoped to the signed-in session in SQL
 * (`visibleTo`); statements for the page's one batch.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { classAttendance, classEnrollments, classSessions, groupClasses, pets } from '../schema';
import { visibleTo } from './portal';
import type { ClientScope } from './credit';

function ofClient(scope: ClientScope): SQL {
  return and(eq(classEnrollments.clientId, scope.clientId), visibleTo(classEnrollments.clientId, scope.tokenHash, scope.now)) as SQL;
}

export function classesStatements(db: Db, scope: ClientScope) {
  const enrollments = db
    .select({
      id: classEnrollments.id,
      classId: groupClasses.id,
      className: groupClasses.name,
      description: groupClasses.description,
      petName: pets.name,
    })
    .from(classEnrollments)
    .innerJoin(groupClasses, and(eq(groupClasses.id, classEnrollments.classId), eq(groupClasses.businessId, classEnrollments.businessId)))
    .innerJoin(pets, and(eq(pets.id, classEnrollments.petId), eq(pets.clientId, classEnrollments.clientId)))
    .where(ofClient(scope))
    .orderBy(asc(groupClasses.name), asc(pets.name), asc(classEnrollments.id));
  const sessions = db
    .select({
      id: classSessions.id,
      classId: classSessions.classId,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
    })
    .from(classSessions)
    .where(inArray(classSessions.classId, db.select({ classId: classEnrollments.classId }).from(classEnrollments).where(ofClient(scope))))
    .orderBy(asc(classSessions.startsAt), asc(classSessions.id));
  const attendance = db
    .select({ enrollmentId: classAttendance.enrollmentId, sessionId: classAttendance.sessionId })
    .from(classAttendance)
    .innerJoin(classEnrollments, eq(classEnrollments.id, classAttendance.enrollmentId))
    .where(ofClient(scope));
  return [enrollments, sessions, attendance] as const;
}

export type EnrollmentRow = Awaited<ReturnType<typeof classesStatements>[0]>[number];
export type ClassSessionRow = Awaited<ReturnType<typeof classesStatements>[1]>[number];
