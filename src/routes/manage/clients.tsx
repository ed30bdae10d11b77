/**
 * The console's clients and pets (issue 10 item 5, SPEC §11): the searchable, paged client
 * list; the client page; add and edit a client (phone parsed to E.164 with the business's
 * country; a number with a portal account links to it at once, SPEC §3.4); staff edit a pet
 * (the parents' form rules, domain/pet-form.ts); invite one client or many through the staff
 * API's own sending code (routes/invite-clients.ts). Every page is one batch (loadStaff); every
 * action is that batch plus one write batch holding its audit row(s).
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { unreadCountStatement } from '../../db/queries/console';
import {
  CLIENTS_PAGE_SIZE,
  addClientStatements,
  businessForForms,
  clientListStatements,
  clientPageStatements,
  clientSearch,
  clientStatement,
  editClientStatements,
  editPetStatements,
  inviteAuditStatements,
  inviteTargetStatements,
  petForEditStatement,
} from '../../db/queries/console-clients';
import { portalAvailability } from '../../domain/access';
import { statusLabel } from '../../domain/appointment-status';
import { normalizeEmail } from '../../domain/email-address';
import { newId } from '../../domain/ids';
import type { InvitationChannel, InvitationPlan } from '../../domain/invitation';
import { lineProblem, NAME_MESSAGES } from '../../domain/name-text';
import {
  checkPetForm,
  earliestBirthday,
  formatWeight,
  petFormValues,
  vaccinationFlag,
  weightUnitFor,
  type PetFormErrors,
  type PetFormValues,
  type WeightUnit,
} from '../../domain/pet-form';
import { formatPhoneForDisplay, normalizePhone } from '../../domain/phone';
import { formatMoney } from '../../domain/money';
import { formatDate, formatDateTimeRange, localDateString } from '../../domain/time';
import { clientIp } from '../../middleware/client-ip';
import { loadStaff, requireStaff, type Membership, type StaffContext } from '../../middleware/console';
import { redirectAfterPost } from '../../middleware/htmx';
import { pageCountFor, pageNumber } from '../paging';
import { invitationDelivery, sendInvitations } from '../invite-clients';
import { consolePage } from './page';
import {
  ClientForm,
  ClientList,
  ClientPage,
  StaffPetForm,
  type ClientFormErrors,
  type ClientFormValues,
  type ClientPageView,
} from '../../../templates/manage/clients';
import { serviceTypeLabel } from '../../../templates/appointments/labels';
import { speciesLabel } from '../../../templates/pets/pet-parts';

export const clientRoutes = new Hono<AppEnv>();

type Status = 200 | 409 | 422 | 503;

function clientsPage(c: Context<AppEnv>, title: string, staff: StaffContext, m: Membership, unread: number, body: () => unknown, status: Status = 200) {
  return consolePage(c, title, { staff, membership: m, unread, current: 'clients' }, body, status);
}

function unreadOf(rows: { unread: number }[]): number {
  return Number(rows[0]?.unread ?? 0);
}

function portalWords(r: { registered: number; invitedAt: number | null; lastSeenAt: number | null; invitedChannel?: string | null }, m: Membership): string {
  const day = (ms: number) => formatDate(Number(ms), m.timeZone, m.locale, { day: 'numeric', month: 'short', year: 'numeric' });
  if (r.registered) return r.lastSeenAt ? `Registered · last seen ${day(r.lastSeenAt)}` : 'Registered';
  if (r.invitedAt) return `Invited on ${day(r.invitedAt)}${r.invitedChannel ? (r.invitedChannel === 'sms' ? ' by text' : ' by email') : ''}`;
  return 'Not invited';
}

function audit(c: Context<AppEnv>, staff: StaffContext) {
  return { id: newId('aud'), staffAccountId: staff.staffAccountId, ipAddress: clientIp(c) };
}

// ---- The list ---------------------------------------------------------------------------------

const INVITED: Record<string, string> = { sms: 'by text', email: 'by email' };

async function listPage(c: Context<AppEnv>, extra: { notice?: string | null; error?: string | null; status?: Status } = {}) {
  const businessId = c.req.param('businessId')!;
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const page = pageNumber(c.req.query('page'));
  const db = c.get('db');
  const { staff, results: r } = await loadStaff(c, (tokenHash, now) => ({
    ...clientListStatements(db, { businessId, tokenHash, now }, clientSearch(q), page),
    business: businessForForms(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const total = r.total[0]?.n ?? 0;
  const pageCount = pageCountFor(total, CLIENTS_PAGE_SIZE, page);
  const country = r.business[0]?.country;
  const rows = r.rows.map((row) => ({
    id: row.id,
    name: `${row.firstName} ${row.lastName}`,
    phone: formatPhoneForDisplay(row.phoneE164, country),
    email: row.email,
    pets: row.petNames,
    portal: portalWords(row, m),
  }));
  return clientsPage(
    c,
    'Clients',
    staff,
    m,
    unreadOf(r.unread),
    () => (
      <ClientList
        businessId={businessId}
        q={q}
        rows={rows}
        total={total}
        page={page}
        pageCount={pageCount}
        notInvited={r.notInvited[0]?.n ?? 0}
        notice={extra.notice}
        error={extra.error}
      />
    ),
    extra.status,
  );
}

function invitedNotice(c: Context<AppEnv>): string | null {
  const sent = Number(c.req.query('invited') ?? NaN);
  const how = INVITED[c.req.query('by') ?? ''];
  if (!Number.isInteger(sent) || !how) return null;
  const refused = Number(c.req.query('refused') ?? 0) || 0;
  const first = sent === 1 ? `1 invitation sent ${how}.` : `${sent} invitations sent ${how}.`;
  return refused ? `${first} ${refused === 1 ? '1 client was' : `${refused} clients were`} skipped (no email on file).` : first;
}

clientRoutes.get('/manage/:businessId/clients', (c) => listPage(c, { notice: invitedNotice(c) }));

// ---- Add / edit a client ----------------------------------------------------------------------

function clientFormValues(form: Record<string, unknown>): ClientFormValues {
  const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
  return { firstName: s('firstName'), lastName: s('lastName'), phone: s('phone'), email: s('email') };
}

/** The checked fields, or each field's message. */
function checkClientForm(
  v: ClientFormValues,
  country: string,
): { ok: true; fields: { firstName: string; lastName: string; phoneE164: string; email: string | null } } | { ok: false; errors: ClientFormErrors } {
  const errors: ClientFormErrors = {};
  const name = (value: string, label: string) => {
    if (!value) return `Enter the client's ${label}.`;
    if (value.length > 60) return 'Keep this under 60 characters.';
    const problem = lineProblem(value, { name: true });
    return problem ? NAME_MESSAGES[problem] : undefined;
  };
  const first = name(v.firstName, 'first name');
  if (first) errors.firstName = first;
  const last = name(v.lastName, 'last name');
  if (last) errors.lastName = last;
  const phone = normalizePhone(v.phone, country);
  if (!phone.ok) errors.phone = v.phone ? phone.message : "Enter the client's mobile number: the portal sends its codes there.";
  let email: string | null = null;
  if (v.email) {
    const checked = normalizeEmail(v.email);
    if (checked.ok) email = checked.email;
    else errors.email = checked.message;
  }
  if (Object.keys(errors).length || !phone.ok) return { ok: false, errors };
  return { ok: true, fields: { firstName: v.firstName, lastName: v.lastName, phoneE164: phone.e164, email } };
}

function phoneHint(country: string): string {
  return `Numbers without a country code are read as ${country} numbers.`;
}

async function newClientForm(
  c: Context<AppEnv>,
  values: ClientFormValues,
  errors: ClientFormErrors,
  status: Status,
  loaded?: Awaited<ReturnType<typeof loadForm>>,
) {
  const { staff, m, unread, country } = loaded ?? (await loadForm(c));
  const businessId = m.businessId;
  return clientsPage(
    c,
    'Add a client',
    staff,
    m,
    unread,
    () => (
      <ClientForm
        action={`/manage/${businessId}/clients/new`}
        cancelHref={`/manage/${businessId}/clients`}
        heading="Add a client"
        submit="Add client"
        values={values}
        errors={errors}
        phoneHint={phoneHint(country)}
      />
    ),
    status,
  );
}

async function loadForm(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const { staff, results, now, tokenHash } = await loadStaff(c, (tokenHash, now) => ({
    business: businessForForms(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const business = results.business[0];
  if (!business) throw new HTTPException(404);
  return { staff, m, unread: unreadOf(results.unread), country: business.country, now, tokenHash };
}

clientRoutes.get('/manage/:businessId/clients/new', (c) => newClientForm(c, { firstName: '', lastName: '', phone: '', email: '' }, {}, 200));

clientRoutes.post('/manage/:businessId/clients/new', async (c) => {
  const form = await c.req.parseBody();
  const loaded = await loadForm(c);
  const values = clientFormValues(form);
  const checked = checkClientForm(values, loaded.country);
  if (!checked.ok) return newClientForm(c, values, checked.errors, 422, loaded);
  const businessId = loaded.m.businessId;
  const id = newId('cli');
  const db = c.get('db');
  const [inserted, , , linked] = await db.batch(
    addClientStatements(db, { businessId, tokenHash: loaded.tokenHash, now: loaded.now }, { id, fields: checked.fields, audit: audit(c, loaded.staff) }),
  );
  if (inserted.rowsAffected === 0) throw new HTTPException(404);
  return redirectAfterPost(c, `/manage/${businessId}/clients/${id}?${(linked[0]?.linked ?? 0) > 0 ? 'added=linked' : 'added=1'}`);
});

async function loadClient(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const { staff, results, now, tokenHash } = await loadStaff(c, (tokenHash, now) => ({
    client: clientStatement(db, { businessId, tokenHash, now }, clientId),
    business: businessForForms(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const client = results.client[0];
  const business = results.business[0];
  if (!client || !business) throw new HTTPException(404);
  return { staff, m, unread: unreadOf(results.unread), country: business.country, client, now, tokenHash };
}

function editClientForm(
  c: Context<AppEnv>,
  loaded: Awaited<ReturnType<typeof loadClient>>,
  values: ClientFormValues,
  errors: ClientFormErrors,
  status: Status,
) {
  const base = `/manage/${loaded.m.businessId}/clients/${loaded.client.id}`;
  return clientsPage(
    c,
    'Edit client',
    loaded.staff,
    loaded.m,
    loaded.unread,
    () => (
      <ClientForm
        action={`${base}/edit`}
        cancelHref={base}
        heading={`Edit ${loaded.client.firstName} ${loaded.client.lastName}`}
        submit="Save changes"
        values={values}
        errors={errors}
        phoneHint={phoneHint(loaded.country)}
      />
    ),
    status,
  );
}

clientRoutes.get('/manage/:businessId/clients/:clientId/edit', async (c) => {
  const loaded = await loadClient(c);
  const k = loaded.client;
  return editClientForm(
    c,
    loaded,
    { firstName: k.firstName, lastName: k.lastName, phone: formatPhoneForDisplay(k.phoneE164, loaded.country), email: k.email ?? '' },
    {},
    200,
  );
});

clientRoutes.post('/manage/:businessId/clients/:clientId/edit', async (c) => {
  const form = await c.req.parseBody();
  const loaded = await loadClient(c);
  const values = clientFormValues(form);
  const checked = checkClientForm(values, loaded.country);
  if (!checked.ok) return editClientForm(c, loaded, values, checked.errors, 422);
  const f = checked.fields;
  const k = loaded.client;
  const changed = [
    f.firstName !== k.firstName || f.lastName !== k.lastName ? 'name' : null,
    f.phoneE164 !== k.phoneE164 ? 'phone' : null,
    f.email !== k.email ? 'email' : null,
  ].filter(Boolean);
  const base = `/manage/${loaded.m.businessId}/clients/${k.id}`;
  if (changed.length === 0) return redirectAfterPost(c, `${base}?saved=0`);
  const db = c.get('db');
  const [updated] = await db.batch(
    editClientStatements(
      db,
      { businessId: loaded.m.businessId, tokenHash: loaded.tokenHash, now: loaded.now },
      { clientId: k.id, fields: f, changed: `Changed ${changed.join(', ')}`, audit: audit(c, loaded.staff) },
    ),
  );
  if (updated.length === 0) throw new HTTPException(404);
  return redirectAfterPost(c, `${base}?saved=1`);
});

// ---- The client page --------------------------------------------------------------------------

const CLIENT_NOTICES: Record<string, string> = {
  'added=1': 'Client added.',
  'added=linked': 'Client added. Their number already has a portal account, so they see this business in the portal now.',
  'saved=1': 'Changes saved.',
  'saved=0': 'Nothing changed.',
  'pet=1': 'Pet saved.',
  'invited=sms': 'Invitation sent by text.',
  'invited=email': 'Invitation sent by email.',
};

function clientNotice(c: Context<AppEnv>): string | null {
  for (const key of ['added', 'saved', 'pet', 'invited']) {
    const v = c.req.query(key);
    if (v !== undefined) return CLIENT_NOTICES[`${key}=${v}`] ?? null;
  }
  return null;
}

async function clientPage(c: Context<AppEnv>, extra: { notice?: string | null; error?: string | null; status?: Status } = {}) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const db = c.get('db');
  const {
    staff,
    results: r,
    now,
  } = await loadStaff(c, (tokenHash, now) => ({
    ...clientPageStatements(db, { businessId, tokenHash, now }, clientId),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const k = r.client[0];
  if (!k) throw new HTTPException(404);
  const today = localDateString(now, m.timeZone);
  const unit = weightUnitFor({ locale: m.locale, country: k.country });
  const day = (iso: string) => formatDate(Date.parse(`${iso}T12:00:00Z`), 'UTC', m.locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const appt = (a: (typeof r.upcoming)[number]) => ({
    when: formatDateTimeRange(a.startsAt, a.endsAt, m.timeZone, m.locale),
    what: `${serviceTypeLabel(a.serviceType)}${a.petNames ? ` · ${a.petNames}` : ''}`,
    status: a.status === 'canceled' && a.declinedByBusiness ? 'Declined' : statusLabel(a.status),
  });
  const balance = r.credit.find((x) => x.currency === m.currency)?.balanceMinor ?? 0;
  const others = r.credit.filter((x) => x.currency !== m.currency && x.balanceMinor !== 0).map((x) => formatMoney(x.balanceMinor, x.currency, m.locale));
  const view: ClientPageView = {
    businessId,
    id: k.id,
    name: `${k.firstName} ${k.lastName}`,
    phone: formatPhoneForDisplay(k.phoneE164, k.country),
    email: k.email,
    portal: portalWords(k, m),
    canInvite: !k.registered,
    hasEmail: !!k.email,
    pets: r.pets.map((p) => ({
      id: p.id,
      name: p.name,
      what: [speciesLabel(p.species), p.breed, p.weightGrams ? formatWeight(p.weightGrams, unit, m.locale) : null].filter(Boolean).join(' · '),
      vaccinations: r.vaccinations
        .filter((v) => v.petId === p.id)
        .map((v) => ({ name: v.name, expires: v.expiresOn ? `expires ${day(v.expiresOn)}` : 'no expiry on file', flag: vaccinationFlag(v.expiresOn, today) })),
    })),
    upcoming: r.upcoming.map(appt),
    recent: r.recent.map(appt),
    agreements: r.agreements.map((a) => ({
      title: a.title,
      signed: a.signedAt !== null,
      state:
        a.signedAt !== null
          ? `Signed ${formatDate(Number(a.signedAt), m.timeZone, m.locale, { day: 'numeric', month: 'short', year: 'numeric' })}`
          : a.signedOlder
            ? `To sign (version ${a.version} is new)`
            : 'To sign',
    })),
    credit: [formatMoney(balance, m.currency, m.locale), ...others].join(' · '),
    notice: extra.notice,
    error: extra.error,
  };
  return clientsPage(c, view.name, staff, m, unreadOf(r.unread), () => <ClientPage {...view} />, extra.status);
}

clientRoutes.get('/manage/:businessId/clients/:clientId', (c) => clientPage(c, { notice: clientNotice(c) }));

// ---- Staff edit a pet -------------------------------------------------------------------------

function weightValue(grams: number | null, unit: WeightUnit): string {
  if (!grams) return '';
  const value = unit === 'kg' ? grams / 1000 : grams / 453.59237;
  return String(Math.round(value * 10) / 10);
}

async function loadPet(c: Context<AppEnv>) {
  const businessId = c.req.param('businessId')!;
  const clientId = c.req.param('clientId')!;
  const petId = c.req.param('petId')!;
  const db = c.get('db');
  const { staff, results, now, tokenHash } = await loadStaff(c, (tokenHash, now) => ({
    pet: petForEditStatement(db, { businessId, tokenHash, now }, clientId, petId),
    business: businessForForms(db, { businessId, tokenHash, now }),
    unread: unreadCountStatement(db, businessId, tokenHash, now),
  }));
  const m = requireStaff(staff, businessId);
  const pet = results.pet[0];
  const business = results.business[0];
  if (!pet || !business) throw new HTTPException(404);
  const unit = weightUnitFor(business);
  return { staff, m, unread: unreadOf(results.unread), pet, unit, clientId, now, tokenHash, today: localDateString(now, business.timeZone) };
}

function petForm(c: Context<AppEnv>, l: Awaited<ReturnType<typeof loadPet>>, values: PetFormValues, errors: PetFormErrors, status: Status) {
  const base = `/manage/${l.m.businessId}/clients/${l.clientId}`;
  return clientsPage(
    c,
    `Edit ${l.pet.name}`,
    l.staff,
    l.m,
    l.unread,
    () => (
      <StaffPetForm
        action={`${base}/pets/${l.pet.id}/edit`}
        cancelHref={base}
        heading={`Edit ${l.pet.name} (${l.pet.clientFirstName} ${l.pet.clientLastName})`}
        values={values}
        errors={errors}
        weightUnit={l.unit}
        birthdayMin={earliestBirthday(l.today)}
        birthdayMax={l.today}
      />
    ),
    status,
  );
}

function storedValues(l: Awaited<ReturnType<typeof loadPet>>): PetFormValues {
  const p = l.pet;
  return {
    name: p.name,
    species: p.species,
    breed: p.breed ?? '',
    sex: p.sex,
    birthday: p.birthday ?? '',
    weight: weightValue(p.weightGrams, l.unit),
    colour: p.colour ?? '',
    spayedNeutered: p.spayedNeutered === null ? '' : p.spayedNeutered ? 'yes' : 'no',
    vetName: p.vetName ?? '',
    vetPhone: p.vetPhone ?? '',
    medications: p.medications ?? '',
    feeding: p.feeding ?? '',
    behaviourNotes: p.behaviourNotes ?? '',
  };
}

clientRoutes.get('/manage/:businessId/clients/:clientId/pets/:petId/edit', async (c) => {
  const l = await loadPet(c);
  return petForm(c, l, storedValues(l), {}, 200);
});

clientRoutes.post('/manage/:businessId/clients/:clientId/pets/:petId/edit', async (c) => {
  const form = await c.req.parseBody();
  const l = await loadPet(c);
  const values = petFormValues(form);
  const checked = checkPetForm(values, l.today, l.unit);
  if (!checked.ok) return petForm(c, l, values, checked.errors, 422);
  // A weight left as shown keeps the grams on file (the form shows one decimal).
  const pet = values.weight === weightValue(l.pet.weightGrams, l.unit) ? { ...checked.pet, weightGrams: l.pet.weightGrams } : checked.pet;
  const db = c.get('db');
  const [updated] = await db.batch(
    editPetStatements(
      db,
      { businessId: l.m.businessId, tokenHash: l.tokenHash, now: l.now },
      { clientId: l.clientId, petId: l.pet.id, pet, audit: audit(c, l.staff) },
    ),
  );
  if (updated.length === 0) throw new HTTPException(404);
  return redirectAfterPost(c, `/manage/${l.m.businessId}/clients/${l.clientId}?pet=1`);
});

// ---- Invitations ------------------------------------------------------------------------------

function channelOf(value: unknown): InvitationChannel | null {
  return value === 'sms' || value === 'email' ? value : null;
}

type InviteOutcome = { kind: 'sent'; plan: InvitationPlan } | { kind: 'refused'; message: string; status: Status };

/** One batch to read (membership, business, targets), one to write (invitations, messages, audit rows). */
async function invite(
  c: Context<AppEnv>,
  channel: InvitationChannel,
  pick: { clientIds: string[] } | { everyone: true; channel: InvitationChannel },
): Promise<InviteOutcome> {
  const businessId = c.req.param('businessId')!;
  const db = c.get('db');
  const { staff, results, now, tokenHash } = await loadStaff(c, (tokenHash, now) => inviteTargetStatements(db, { businessId, tokenHash, now }, pick));
  requireStaff(staff, businessId);
  const business = results.business[0];
  if (!business) throw new HTTPException(404);
  if ('clientIds' in pick && pick.clientIds.length === 1 && results.targets.length === 0) throw new HTTPException(404);
  if (portalAvailability(business) !== 'on')
    return { kind: 'refused', message: `The client portal is not available yet for ${business.name}, so no invitation was sent.`, status: 409 };
  const delivery = invitationDelivery(c, channel);
  if (!delivery.ok) return { kind: 'refused', message: 'Invitations cannot be sent right now: messaging is not set up. Nothing was sent.', status: 503 };
  const ip = clientIp(c);
  const { plan } = await sendInvitations(c, {
    businessId,
    businessName: business.name,
    channel,
    delivery,
    requestedIds: 'clientIds' in pick ? pick.clientIds : results.targets.map((t) => t.id),
    duplicates: [],
    targets: results.targets,
    now,
    extra: (plan) =>
      inviteAuditStatements(
        db,
        { businessId, tokenHash, now },
        {
          rows: plan.invitations.map((i) => ({ id: newId('aud'), clientId: i.clientId })),
          channel,
          staffAccountId: staff.staffAccountId,
          ipAddress: ip,
        },
      ),
  });
  return { kind: 'sent', plan };
}

clientRoutes.post('/manage/:businessId/clients/:clientId/invite', async (c) => {
  const form = await c.req.parseBody();
  const channel = channelOf(form.channel);
  if (!channel) return clientPage(c, { error: 'Choose text message or email.', status: 422 });
  const outcome = await invite(c, channel, { clientIds: [c.req.param('clientId')] });
  if (outcome.kind === 'refused') return clientPage(c, { error: outcome.message, status: outcome.status });
  if (outcome.plan.invitations.length === 0) {
    return clientPage(c, { error: 'There is no email address on file for this client. Add one, or send the invitation by text.', status: 422 });
  }
  return redirectAfterPost(c, `/manage/${c.req.param('businessId')}/clients/${c.req.param('clientId')}?invited=${channel}`);
});

clientRoutes.post('/manage/:businessId/clients/invitations', async (c) => {
  const form = await c.req.parseBody({ all: true });
  const channel = channelOf(form.channel);
  if (!channel) return listPage(c, { error: 'Choose text message or email.', status: 422 });
  const raw = form.clientId;
  const ids = [
    ...new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64)),
  ];
  const everyone = form.who === 'everyone';
  if (!everyone && ids.length === 0)
    return listPage(c, { error: 'Select at least one client to invite, or choose “Invite everyone not yet invited”.', status: 422 });
  if (ids.length > 500) return listPage(c, { error: 'Invite at most 500 clients at once.', status: 422 });
  const outcome = await invite(c, channel, everyone ? { everyone: true, channel } : { clientIds: ids });
  if (outcome.kind === 'refused') return listPage(c, { error: outcome.message, status: outcome.status });
  const sent = outcome.plan.invitations.length;
  const noEmail = outcome.plan.refused.filter((r) => r.reason === 'no_email').length;
  if (sent === 0) {
    if (!everyone && noEmail === 0) throw new HTTPException(404);
    return listPage(c, {
      error: everyone
        ? 'Everyone has been invited already (or, by email, has no address on file). Nothing was sent.'
        : 'No invitation was sent: the selected clients have no email address on file.',
      status: 422,
    });
  }
  return redirectAfterPost(c, `/manage/${c.req.param('businessId')}/clients?invited=${sent}&by=${channel}${noEmail ? `&refused=${noEmail}` : ''}`);
});
