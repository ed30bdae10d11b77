/**
 * Group classes in the console (SPEC §10, §11; issue 14 item 4): any staff member lists the
 * business's classes and creates one (name, description, places); on a class's page adds
 * sessions (a date and times on the business's wall clock, stored as UTC) and removes one still
 * to come with no attendance, enrolls a client's pet and unenrolls it; on a session's page —
 * made for a tablet — marks each enrolled pet present or absent.
 *
 * The rules that need the database are in the statements (queries/console-classes.ts): the
 * class's places are counted inside the enrolment's INSERT, so enrolments sent at once never
 * overfill it; attendance is INSERT OR IGNORE / DELETE, so a double tap changes it once. Each
 * create form carries a submission key that becomes the new row's id (cls_, csn_, enr_<key>), so
 * a double tap, a resend after Back or a second window's copy creates one row. Every change
 * writes its audit row in the same batch. Foreign ids (class, session, enrolment) are 404; bad
 * input is 422 at the field; a refusal the database made (full, already in, no longer
 * removable) is 409 with words. POSTs answer 303; an attendance toggle sent by htmx gets its row.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { BatchItem } from 'drizzle-orm/batch';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement, type StaffActor } from '../../db/queries/console';
import {
  addClassStatements,
  addSessionStatements,
  classListStatements,
  classPageStatements,
  enrollStatements,
  enrolmentRefusalStatements,
  removedStatement,
  removeSessionStatements,
  rosterRowStatements,
  sessionPageStatements,
  setAttendanceStatements,
  unenrollStatements,
  updateClassStatements,
} from '../../db/queries/console-classes';
import {
  attendanceOpensBefore,
  checkClassForm,
  checkSessionForm,
  classFormValues,
  postedKey,
  sessionFormValues,
  sessionRemovable,
  type ClassField,
  type ClassFormValues,
  type SessionField,
  type SessionFormValues,
} from '../../domain/class-form';
import { newId } from '../../domain/ids';
import { formatDateTimeRange, formatMoment, timeZoneLabel, timeZoneName } from '../../domain/time';
import { count } from '../../domain/words';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff } from '../../middleware/console';
import { isPartial } from '../../middleware/htmx';
import { AttendanceRow, ClassListPage, ClassPage, SessionPage } from '../../../templates/manage/classes';
import { consolePage } from './page';

export const consoleClassRoutes = new Hono<AppEnv>();

const LIST = '/manage/:businessId/classes';
const CLASS = `${LIST}/:classId{cls_[a-z0-9_]+}`;
const SESSION = `${CLASS}/sessions/:sessionId{csn_[a-z0-9_]+}`;
const ENROLMENT = `${CLASS}/enrollments/:enrollmentId{enr_[a-z0-9_]+}`;

const NOTICES: Record<string, string> = {
  'class-added': 'Class created. Add its sessions, then enroll pets.',
  'class-saved': 'Class saved.',
  'session-added': 'Session added. Parents of enrolled pets see it in their portal.',
  'session-removed': 'Session removed.',
  enrolled: 'Pet enrolled. Its parent sees the class in their portal.',
  unenrolled: 'Pet unenrolled.',
};
const notice = (c: Context<AppEnv>) => NOTICES[c.req.query('done') ?? ''] ?? null;

const newFormKey = () => newId('k').slice(2);
const form = (c: Context<AppEnv>) => c.req.parseBody({ all: true }) as Promise<Record<string, unknown>>;
const field = (body: Record<string, unknown>, name: string) => {
  const v = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
  return typeof v === 'string' ? v.slice(0, 100) : '';
};

/** The page's statements plus the unread badge, one batch; 404 for a business the staff member is not in. */
async function load<T extends Record<string, BatchItem<'sqlite'>>>(
  c: Context<AppEnv>,
  build: (scope: { businessId: string; tokenHash: string; now: number }) => T,
) {
  const businessId = c.req.param('businessId') ?? '';
  const db = c.get('db');
  const loaded = await loadStaff(c, (tokenHash, now) => ({
    ...build({ businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(loaded.staff, businessId);
  return { ...loaded, m, businessId, unread: Number((loaded.results.unread as { unread: number }[])[0]?.unread ?? 0) };
}

function actor(c: Context<AppEnv>, l: { businessId: string; staff: { staffAccountId: string }; tokenHash: string; now: number }): StaffActor {
  return {
    businessId: l.businessId,
    staffAccountId: l.staff.staffAccountId,
    tokenHash: l.tokenHash,
    now: l.now,
    auditId: newId('aud'),
    ipAddress: clientIp(c),
  };
}

type Loaded = { staff: Parameters<typeof consolePage>[2]['staff']; m: Parameters<typeof consolePage>[2]['membership']; unread: number };
const page = (c: Context<AppEnv>, title: string, l: Loaded, body: () => unknown, status: 200 | 409 | 422 = 200) =>
  consolePage(c, title, { staff: l.staff, membership: l.m, unread: l.unread, current: 'classes' }, body, status);

const places = (enrolled: number, capacity: number | null) =>
  capacity === null ? `${count(enrolled, 'pet')} (no limit)` : `${enrolled} of ${count(capacity, 'place')} taken`;

function when(s: { startsAt: Date | number; endsAt: Date | number }, tz: string, locale: string) {
  return `${formatDateTimeRange(s.startsAt, s.endsAt, tz, locale)} ${timeZoneLabel(tz, s.startsAt, locale)}`;
}

// ---- The list ----------------------------------------------------------------------------------

const loadList = (c: Context<AppEnv>) => load(c, (scope) => classListStatements(c.get('db'), scope));

function renderList(
  c: Context<AppEnv>,
  l: Awaited<ReturnType<typeof loadList>>,
  extra: { values?: ClassFormValues; key?: string; errors?: Partial<Record<ClassField, string>>; status?: 200 | 422 } = {},
) {
  const { m } = l;
  return page(
    c,
    'Classes',
    l,
    () => (
      <ClassListPage
        businessId={l.businessId}
        enabled={!!l.results.business[0]?.groupClassesEnabled}
        rows={l.results.classes.map((k) => ({
          id: k.id,
          name: k.name,
          description: k.description,
          places: places(k.enrolled, k.capacity),
          sessions: count(k.sessions, 'session'),
          next: k.nextStartsAt === null ? 'None scheduled' : formatMoment(Number(k.nextStartsAt), m.timeZone, m.locale),
        }))}
        values={extra.values ?? { name: '', description: '', capacity: '' }}
        keyValue={extra.key ?? newFormKey()}
        errors={extra.errors ?? {}}
        notice={notice(c)}
      />
    ),
    extra.status,
  );
}

consoleClassRoutes.get(LIST, async (c) => renderList(c, await loadList(c)));

consoleClassRoutes.post(LIST, async (c) => {
  const l = await loadList(c);
  const body = await form(c);
  const values = classFormValues(body);
  const key = postedKey(body) || newFormKey();
  const checked = checkClassForm(values);
  if (!checked.ok) return renderList(c, l, { values, key, errors: checked.errors, status: 422 });
  const db = c.get('db');
  const id = `cls_${key}`;
  const [, , saved] = await db.batch(
    addClassStatements(db, actor(c, l), { id, name: checked.name, description: checked.description, capacity: checked.capacity }),
  );
  if (saved.length === 0) throw new HTTPException(404);
  return c.redirect(`/manage/${l.businessId}/classes/${id}?done=class-added`, 303);
});

// ---- One class ---------------------------------------------------------------------------------

const loadClass = async (c: Context<AppEnv>) => {
  const classId = c.req.param('classId') ?? '';
  const l = await load(c, (scope) => classPageStatements(c.get('db'), scope, classId));
  const klass = l.results.klass[0];
  if (!klass) throw new HTTPException(404);
  return { ...l, klass, classId };
};

/** The class page for a removal of `recordId`, and whether this business removed it already. */
const loadForRemoval = async (c: Context<AppEnv>, what: 'class_session' | 'class_enrollment', recordId: string) => {
  const classId = c.req.param('classId') ?? '';
  const db = c.get('db');
  const l = await load(c, (scope) => ({ ...classPageStatements(db, scope, classId), removed: removedStatement(db, scope, what, recordId) }));
  const klass = l.results.klass[0];
  if (!klass) throw new HTTPException(404);
  return { ...l, klass, classId, removedAlready: l.results.removed.length > 0 };
};
type ClassLoaded = Awaited<ReturnType<typeof loadClass>>;

function renderClass(
  c: Context<AppEnv>,
  l: ClassLoaded,
  extra: {
    sessionValues?: SessionFormValues;
    sessionKey?: string;
    sessionErrors?: Partial<Record<SessionField, string>>;
    enrollKey?: string;
    petValue?: string;
    petError?: string;
    enrollError?: string | null;
    problem?: string | null;
    editValues?: ClassFormValues;
    editErrors?: Partial<Record<ClassField, string>>;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { m, klass, results: r } = l;
  const tz = m.timeZone;
  return page(
    c,
    `${klass.name} · Classes`,
    l,
    () => (
      <ClassPage
        businessId={l.businessId}
        classId={l.classId}
        name={klass.name}
        description={klass.description}
        places={places(klass.enrolled, klass.capacity)}
        full={klass.capacity !== null && klass.enrolled >= klass.capacity}
        timeZoneLabel={timeZoneName(tz, l.now, m.locale)}
        sessions={r.sessions.map((s) => ({
          id: s.id,
          when: when(s, tz, m.locale),
          attended: s.startsAt.getTime() > l.now && s.attendanceCount === 0 ? 'To come' : `${count(s.attendanceCount, 'pet')} present`,
          removable: sessionRemovable(s, l.now),
          past: s.startsAt.getTime() <= l.now,
        }))}
        enrolled={r.enrollments.map((e) => ({ id: e.id, petName: e.petName, clientName: e.clientName, attended: `Attended ${count(e.attended, 'session')}` }))}
        petChoices={r.pets.map((p) => ({ id: p.id, label: `${p.name} · ${p.clientName}` }))}
        sessionValues={extra.sessionValues ?? { date: '', starts: '', ends: '' }}
        sessionKey={extra.sessionKey ?? newFormKey()}
        sessionErrors={extra.sessionErrors ?? {}}
        enrollKey={extra.enrollKey ?? newFormKey()}
        petValue={extra.petValue ?? ''}
        petError={extra.petError}
        enrollError={extra.enrollError}
        problem={extra.problem}
        editValues={
          extra.editValues ?? { name: klass.name, description: klass.description ?? '', capacity: klass.capacity === null ? '' : String(klass.capacity) }
        }
        editErrors={extra.editErrors ?? {}}
        notice={notice(c)}
      />
    ),
    extra.status,
  );
}

const classPath = (l: { businessId: string; classId: string }) => `/manage/${l.businessId}/classes/${l.classId}`;

consoleClassRoutes.get(CLASS, async (c) => renderClass(c, await loadClass(c)));

consoleClassRoutes.post(CLASS, async (c) => {
  const l = await loadClass(c);
  const values = classFormValues(await form(c));
  const checked = checkClassForm(values);
  if (!checked.ok) return renderClass(c, l, { editValues: values, editErrors: checked.errors, status: 422 });
  const tooFew = (enrolled: number) =>
    `${count(enrolled, 'pet')} ${enrolled === 1 ? 'is' : 'are'} enrolled, so the class needs at least ${count(enrolled, 'place')}. Unenroll pets first to take fewer.`;
  const db = c.get('db');
  const [updated] = await db.batch(
    updateClassStatements(db, actor(c, l), {
      classId: l.classId,
      name: checked.name,
      description: checked.description,
      capacity: checked.capacity,
      detail: `${checked.name} (${checked.capacity} places)`,
    }),
  );
  if (updated.rowsAffected === 0) {
    // Nothing changed — or pets were enrolled meanwhile, past the new number of places.
    const fresh = await loadClass(c);
    if (checked.capacity < fresh.klass.enrolled)
      return renderClass(c, fresh, { editValues: values, editErrors: { capacity: tooFew(fresh.klass.enrolled) }, status: 409 });
  }
  return c.redirect(`${classPath(l)}?done=class-saved`, 303);
});

consoleClassRoutes.post(`${CLASS}/sessions`, async (c) => {
  const l = await loadClass(c);
  const body = await form(c);
  const values = sessionFormValues(body);
  const key = postedKey(body) || newFormKey();
  const checked = checkSessionForm(values, l.m.timeZone, l.now);
  if (!checked.ok) return renderClass(c, l, { sessionValues: values, sessionKey: key, sessionErrors: checked.errors, status: 422 });
  const db = c.get('db');
  const [, , saved] = await db.batch(
    addSessionStatements(db, actor(c, l), {
      id: `csn_${key}`,
      classId: l.classId,
      startsAt: checked.startsAt,
      endsAt: checked.endsAt,
      detail: `${l.klass.name}: ${when(checked, l.m.timeZone, 'en-US')}`,
    }),
  );
  if (saved.length === 0) throw new HTTPException(404);
  return c.redirect(`${classPath(l)}?done=session-added`, 303);
});

consoleClassRoutes.post(`${SESSION}/remove`, async (c) => {
  const sessionId = c.req.param('sessionId') ?? '';
  const l = await loadForRemoval(c, 'class_session', sessionId);
  const s = l.results.sessions.find((x) => x.id === sessionId);
  if (!s && l.removedAlready) return c.redirect(`${classPath(l)}?done=session-removed`, 303);
  if (!s) throw new HTTPException(404);
  const refuse = (session: { startsAt: Date; attendanceCount: number }, fresh: ClassLoaded) =>
    renderClass(c, fresh, {
      problem:
        session.attendanceCount > 0
          ? 'This session has attendance recorded, so it stays on the schedule.'
          : 'This session has already started, so it stays on the schedule.',
      status: 409,
    });
  if (!sessionRemovable(s, l.now)) return refuse(s, l);
  const db = c.get('db');
  const [removed] = await db.batch(
    removeSessionStatements(db, actor(c, l), { classId: l.classId, sessionId, detail: `${l.klass.name}: ${when(s, l.m.timeZone, 'en-US')}` }),
  );
  if (removed.rowsAffected === 0) {
    // Changed since the page was read: gone already (a double tap) is done; otherwise say why.
    const fresh = await loadClass(c);
    const still = fresh.results.sessions.find((x) => x.id === sessionId);
    if (still) return refuse(still, fresh);
  }
  return c.redirect(`${classPath(l)}?done=session-removed`, 303);
});

consoleClassRoutes.post(`${CLASS}/enrollments`, async (c) => {
  const l = await loadClass(c);
  const body = await form(c);
  const petId = field(body, 'pet');
  const key = postedKey(body) || newFormKey();
  if (petId === '') return renderClass(c, l, { enrollKey: key, petError: 'Choose the pet to enroll.', status: 422 });
  const db = c.get('db');
  const [, , saved] = await db.batch(enrollStatements(db, actor(c, l), { id: `enr_${key}`, classId: l.classId, petId }));
  if (saved.length > 0) return c.redirect(`${classPath(l)}?done=enrolled`, 303);
  // Refused: say why, from the database as it is now.
  const fresh = await load(c, (scope) => ({
    ...classPageStatements(db, scope, l.classId),
    ...enrolmentRefusalStatements(db, scope, l.classId, petId),
  }));
  const klass = fresh.results.klass[0];
  if (!klass) throw new HTTPException(404);
  const again = { ...fresh, klass, classId: l.classId };
  const pet = fresh.results.pet[0];
  if (!pet) return renderClass(c, again, { enrollKey: key, petError: 'Choose one of your clients’ pets from the list.', status: 422 });
  if (fresh.results.already.length > 0)
    return renderClass(c, again, { enrollKey: newFormKey(), petError: `${pet.name} is already in this class.`, status: 409 });
  return renderClass(c, again, {
    enrollKey: key,
    petValue: petId,
    enrollError: `This class is full (${places(klass.enrolled, klass.capacity)}), so ${pet.name} was not enrolled. Unenroll a pet to free a place.`,
    status: 409,
  });
});

consoleClassRoutes.post(`${ENROLMENT}/remove`, async (c) => {
  const enrollmentId = c.req.param('enrollmentId') ?? '';
  const l = await loadForRemoval(c, 'class_enrollment', enrollmentId);
  const e = l.results.enrollments.find((x) => x.id === enrollmentId);
  if (!e && l.removedAlready) return c.redirect(`${classPath(l)}?done=unenrolled`, 303);
  if (!e) throw new HTTPException(404);
  const db = c.get('db');
  await db.batch(
    unenrollStatements(db, actor(c, l), {
      classId: l.classId,
      enrollmentId,
      detail: `${e.petName} (${e.clientName}) from ${l.klass.name}; ${count(e.attended, 'session')} attended`,
    }),
  );
  return c.redirect(`${classPath(l)}?done=unenrolled`, 303);
});

// ---- A session's attendance ------------------------------------------------------------------

consoleClassRoutes.get(SESSION, async (c) => {
  const classId = c.req.param('classId') ?? '';
  const sessionId = c.req.param('sessionId') ?? '';
  const l = await load(c, (scope) => sessionPageStatements(c.get('db'), scope, classId, sessionId));
  const klass = l.results.klass[0];
  const s = l.results.session[0];
  if (!klass || !s) throw new HTTPException(404);
  return renderSession(c, l, klass.name, classId, s);
});

function renderSession(
  c: Context<AppEnv>,
  l: Loaded & { businessId: string; now: number; results: { roster: { id: string; petName: string; clientName: string; present: number }[] } },
  className: string,
  classId: string,
  s: { id: string; startsAt: Date; endsAt: Date },
  error?: string,
  status: 200 | 409 = 200,
) {
  return page(
    c,
    `Attendance · ${className}`,
    l,
    () => (
      <SessionPage
        businessId={l.businessId}
        classId={classId}
        className={className}
        sessionId={s.id}
        when={when(s, l.m.timeZone, l.m.locale)}
        open={s.startsAt.getTime() < attendanceOpensBefore(l.now, l.m.timeZone)}
        rows={l.results.roster.map((r) => ({ id: r.id, petName: r.petName, clientName: r.clientName, present: r.present === 1 }))}
        error={error}
      />
    ),
    status,
  );
}

consoleClassRoutes.post(`${SESSION}/attendance`, async (c) => {
  const classId = c.req.param('classId') ?? '';
  const sessionId = c.req.param('sessionId') ?? '';
  const body = await form(c);
  const enrollmentId = field(body, 'enrollment');
  const present = field(body, 'present') === '1';
  const db = c.get('db');
  const read = () => load(c, (scope) => rosterRowStatements(db, scope, classId, sessionId, enrollmentId));
  const l = await read();
  const klass = l.results.klass[0];
  const s = l.results.session[0];
  const row = l.results.roster[0];
  if (!klass || !s || !row) throw new HTTPException(404);
  const sessionPath = `/manage/${l.businessId}/classes/${classId}/sessions/${sessionId}`;
  const opensBefore = attendanceOpensBefore(l.now, l.m.timeZone);
  const rowView = (r: typeof row, error?: string) => (
    <AttendanceRow
      businessId={l.businessId}
      classId={classId}
      sessionId={sessionId}
      row={{ id: r.id, petName: r.petName, clientName: r.clientName, present: r.present === 1 }}
      open={s.startsAt.getTime() < opensBefore}
      error={error}
    />
  );
  if (s.startsAt.getTime() >= opensBefore) {
    const words = 'Attendance can be marked from the day of the session.';
    if (isPartial(c)) return c.html(String(rowView(row, words)), 409);
    const full = await load(c, (scope) => sessionPageStatements(db, scope, classId, sessionId));
    return renderSession(c, full, klass.name, classId, s, words, 409);
  }
  const [, , after] = await db.batch([
    ...setAttendanceStatements(db, actor(c, l), {
      classId,
      sessionId,
      enrollmentId,
      present,
      opensBefore,
      detail: `${row.petName} ${present ? 'present' : 'absent'}: ${klass.name}, ${when(s, l.m.timeZone, 'en-US')}`,
    }),
    rosterRowStatements(db, l, classId, sessionId, enrollmentId).roster,
  ]);
  if (!isPartial(c)) return c.redirect(`${sessionPath}#att-${enrollmentId}`, 303);
  const fresh = after[0];
  if (!fresh) throw new HTTPException(404);
  c.header('Vary', 'HX-Request, HX-Request-Type', { append: true });
  c.header('Cache-Control', 'no-store');
  return c.html(String(rowView(fresh)));
});
