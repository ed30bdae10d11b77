/**
 * Group classes (SPEC §10) through the real Worker and libSQL: the classes each pet is in,
 * sessions attended and remaining, the next session and the schedule in the business's zone;
 * hidden (404, no nav entry) when the business has group classes off; the empty state;
 * tenancy (foreign ids → 404); one round trip.
 */
import { describe, expect, it } from 'vitest';
import { createBusiness, createClientRecord, createPet, signedInAs } from '../helpers/factories';
import { createGroupClass, enrollPet } from '../helpers/account-factories';
import { get, postForm } from '../helpers/http';

const DAY = 86_400_000;

async function parent(businessOverrides: Parameters<typeof createBusiness>[0] = {}) {
  const business = await createBusiness({ groupClassesEnabled: true, ...businessOverrides });
  const client = await createClientRecord(business.id);
  const pet = await createPet(client, { name: 'Biscuit' });
  const { cookie } = await signedInAs(client.phoneE164);
  return { business, client, pet, cookie };
}

describe('GET /c/:clientId/classes', () => {
  it('shows each enrolled pet’s class with attended, remaining, next session and schedule in the business zone; one round trip', async () => {
    const { business, client, pet, cookie } = await parent();
    const now = Date.now();
    // Two sessions past (one attended), three to come; the next at 18:00 Seattle time on 2099-03-04.
    const next = new Date(Date.UTC(2099, 2, 5, 2, 0)); // 18:00 PST on 4 March 2099
    const klass = await createGroupClass(business.id, {
      name: 'Puppy Basics',
      description: 'Sit, stay and loose-leash walking.',
      sessionStarts: [new Date(now - 14 * DAY), new Date(now - 7 * DAY), next, new Date(next.getTime() + 7 * DAY), new Date(next.getTime() + 14 * DAY)],
    });
    await enrollPet(klass, pet, [klass.sessions[0]!.id]);
    const res = await get(`/c/${client.id}/classes`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="1 round trip"/);
    const html = await res.text();
    expect(html).toContain('Puppy Basics · Biscuit');
    expect(html).toContain('Sit, stay and loose-leash walking.');
    expect(html).toMatch(/<dt>Attended<\/dt><dd>1 session<\/dd>/);
    expect(html).toMatch(/<dt>Remaining<\/dt><dd>3 sessions<\/dd>/);
    expect(html).toMatch(/<dt>Next session<\/dt><dd>Wed, Mar 4, 2099, 6:00[^<]*7:00[^<]*PM PST<\/dd>/);
    expect(html).toContain('Schedule (5 sessions)');
    expect(html.match(/>Attended<\/span>/g)).toHaveLength(1);
    expect(html.match(/>Not attended<\/span>/g)).toHaveLength(1);
    expect(html).toContain(`href="/c/${client.id}/classes"`);
  });

  it('lists a class once per enrolled pet and leaves out classes no pet of the client is in', async () => {
    const { business, client, pet, cookie } = await parent();
    const second = await createPet(client, { name: 'Mochi' });
    const klass = await createGroupClass(business.id, { name: 'Agility', sessionStarts: [new Date(Date.now() + DAY)] });
    await createGroupClass(business.id, { name: 'Nobody’s class', sessionStarts: [new Date(Date.now() + DAY)] });
    await enrollPet(klass, pet);
    await enrollPet(klass, second);
    const html = await (await get(`/c/${client.id}/classes`, { cookie })).text();
    expect(html).toContain('Agility · Biscuit');
    expect(html).toContain('Agility · Mochi');
    expect(html).not.toContain('Nobody’s class');
  });

  it('keeps a page with three pets in a 12-session class under 14,600 bytes gzip', async () => {
    const { business, client, pet, cookie } = await parent();
    const klass = await createGroupClass(business.id, {
      name: 'Advanced obedience and canine good citizen preparation',
      description: 'Twelve weekly sessions. Bring treats, a flat collar and a 6 ft leash.',
      sessionStarts: Array.from({ length: 12 }, (_, i) => new Date(Date.now() + (i - 6) * 7 * DAY)),
    });
    await enrollPet(
      klass,
      pet,
      klass.sessions.slice(0, 5).map((s) => s.id),
    );
    await enrollPet(klass, await createPet(client, { name: 'Mochi' }));
    await enrollPet(klass, await createPet(client, { name: 'Pepper' }));
    const html = await (await get(`/c/${client.id}/classes`, { cookie })).text();
    expect(html.match(/Schedule \(12 sessions\)/g)).toHaveLength(3);
    const gz = await new Response(new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    expect(gz.byteLength).toBeLessThanOrEqual(14_600);
  });

  it('says so when a class has no more sessions', async () => {
    const { business, pet, client, cookie } = await parent();
    const klass = await createGroupClass(business.id, { name: 'Done class', sessionStarts: [new Date(Date.now() - DAY)] });
    await enrollPet(klass, pet, [klass.sessions[0]!.id]);
    const html = await (await get(`/c/${client.id}/classes`, { cookie })).text();
    expect(html).toContain('No more sessions scheduled');
    expect(html).toMatch(/<dt>Remaining<\/dt><dd>0 sessions<\/dd>/);
  });

  it('shows an empty state when the feature is on but no pet is enrolled', async () => {
    const { client, cookie } = await parent();
    const res = await get(`/c/${client.id}/classes`, { cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('None of your pets are enrolled in a class.');
  });

  it('answers 404 and shows no nav entry when the business has group classes off', async () => {
    const { business, client, pet, cookie } = await parent({ groupClassesEnabled: false });
    const klass = await createGroupClass(business.id, { name: 'Hidden class', sessionStarts: [new Date(Date.now() + DAY)] });
    await enrollPet(klass, pet);
    const res = await get(`/c/${client.id}/classes`, { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Hidden class');
    expect(await (await get(`/c/${client.id}/credit`, { cookie })).text()).not.toContain(`/c/${client.id}/classes`);
  });

  it('answers 404 for another client’s id and never shows their pets’ classes', async () => {
    const me = await parent();
    const other = await parent();
    const klass = await createGroupClass(other.business.id, { name: 'Their class', sessionStarts: [new Date(Date.now() + DAY)] });
    await enrollPet(klass, other.pet);
    const res = await get(`/c/${other.client.id}/classes`, { cookie: me.cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Their class');
    expect(await (await get(`/c/${me.client.id}/classes`, { cookie: me.cookie })).text()).not.toContain('Their class');
  });

  it('has no route that enrolls or records attendance', async () => {
    const { client, cookie } = await parent();
    expect([404, 405]).toContain((await postForm(`/c/${client.id}/classes`, { classId: 'x' }, { cookie })).status);
  });
});

describe('GET /c/:clientId/classes in Spanish (Accept-Language: es)', () => {
  it('shows attendance with Spanish plurals and the schedule in Spanish', async () => {
    const { business, client, pet, cookie } = await parent();
    const now = Date.now();
    const klass = await createGroupClass(business.id, {
      name: 'Puppy Basics',
      sessionStarts: [new Date(now - 7 * DAY), new Date(now + 7 * DAY), new Date(now + 14 * DAY)],
    });
    await enrollPet(klass, pet, [klass.sessions[0]!.id]);
    const res = await get(`/c/${client.id}/classes`, { cookie, headers: { 'accept-language': 'es' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h1 id="classes-heading">Clases</h1>');
    expect(html).toMatch(/<dt>Asistidas<\/dt><dd>1 sesión<\/dd>/);
    expect(html).toMatch(/<dt>Restantes<\/dt><dd>2 sesiones<\/dd>/);
    expect(html).toContain('Calendario (3 sesiones)');
    expect(html).toContain('Próxima sesión');
    expect(html).not.toContain('Next session');
  });
});
