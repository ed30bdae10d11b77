/**
 * Console tenancy, generated from the route table like test/routes/tenancy.test.ts: every
 * /manage/:businessId… route is requested by a signed-in staff member of ANOTHER business with
 * our business's id and our real record ids — and must answer 404, writing nothing. A new
 * console route with a parameter this suite cannot fill fails it by name.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { app } from '../../../src/app';
import * as schema from '../../../src/db/schema';
import { db } from '../../helpers/factories';
import { localTime } from '../../helpers/booking-factories';
import { appointmentsOf, groomingChoice, notificationsOf, reviewForm, setup, submit } from '../../helpers/booking-flow';
import { get, postForm } from '../../helpers/http';
import { createStaffAccount, staffSignedIn } from '../../helpers/staff-factories';

const consoleRoutes = app.routes.filter((r) => r.path.startsWith('/manage/:businessId') && r.method !== 'ALL');

/** How to fill each parameter of a console path from our business's real rows. */
type Ours = {
  businessId: string;
  appointmentId: string;
  notificationId: string;
  apiKeyId: string;
  memberId: string;
  staffInvitationId: string;
  endpointId: string;
  clientId: string;
  petId: string;
  serviceId: string;
  addOnId: string;
  staffId: string;
  cardId: string;
  cardPhotoId: string;
};
const FILL: Record<string, (o: Ours) => string> = {
  businessId: (o) => o.businessId,
  appointmentId: (o) => o.appointmentId,
  notificationId: (o) => o.notificationId,
  apiKeyId: (o) => o.apiKeyId,
  memberId: (o) => o.memberId,
  staffInvitationId: (o) => o.staffInvitationId,
  endpointId: (o) => o.endpointId,
  clientId: (o) => o.clientId,
  petId: (o) => o.petId,
  serviceId: (o) => o.serviceId,
  addOnId: (o) => o.addOnId,
  staffId: (o) => o.staffId,
  cardId: (o) => o.cardId,
  photoId: (o) => o.cardPhotoId,
  decision: () => 'confirm',
};

function fill(path: string, ours: Ours): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => FILL[name]!(ours));
}

describe('console tenancy: every /manage/:businessId route', () => {
  it('has a way to fill every parameter (a new console route with an id must add it here)', () => {
    const missing = consoleRoutes.flatMap((r) =>
      [...r.path.matchAll(/:(\w+)/g)]
        .map((m) => m[1]!)
        .filter((p) => !FILL[p])
        .map((p) => `${r.method} ${r.path} (:${p})`),
    );
    expect(missing, `new console route with an id and no tenancy case: ${missing.join(', ')}`).toEqual([]);
    expect(consoleRoutes.length).toBeGreaterThanOrEqual(7);
  });

  it('answers 404 to staff of another business for each, and writes nothing', async () => {
    const s = await setup();
    const review = await reviewForm(s, groomingChoice(s, localTime(2, '10:00')));
    expect((await submit(s, review.fields)).status).toBe(303);
    const [appointment] = await appointmentsOf(s.client.id);
    const [notification] = await notificationsOf(s.business.id);
    const apiKeyId = `key_${s.business.id.slice(4)}`;
    await db
      .insert(schema.apiKeys)
      .values({ id: apiKeyId, businessId: s.business.id, name: 'Ours', keyHash: `hash-${apiKeyId}`, prefix: 'pwk_ours', createdAt: new Date() });
    const member = await createStaffAccount({ businessId: s.business.id, role: 'staff' });
    const staffInvitationId = `sinv_${s.business.id.slice(4)}`;
    await db.insert(schema.staffInvitations).values({
      id: staffInvitationId,
      businessId: s.business.id,
      email: 'x@example.com',
      role: 'staff',
      tokenHash: `hash-${staffInvitationId}`,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const endpointId = `whe_${s.business.id.slice(4)}`;
    await db
      .insert(schema.webhookEndpoints)
      .values({ id: endpointId, businessId: s.business.id, url: 'https://hooks.example.com/ours', secretSealed: 'sealed', createdAt: new Date() });
    // A draft report card of ours with one photo (a draft: only the console may reach it).
    const cardId = `rc_${s.business.id.slice(4)}`;
    const cardPhotoId = `rcp_${s.business.id.slice(4)}`;
    await db
      .insert(schema.reportCards)
      .values({ id: cardId, businessId: s.business.id, clientId: s.client.id, petId: s.rex.id, mood: 'Ours', createdAt: new Date() });
    await db.insert(schema.reportCardPhotos).values({
      id: cardPhotoId,
      businessId: s.business.id,
      reportCardId: cardId,
      objectKey: `report-cards/${s.business.id}/${cardId}/ours`,
      width: 10,
      height: 10,
    });
    const ours: Ours = {
      businessId: s.business.id,
      appointmentId: appointment!.id,
      notificationId: notification!.id,
      apiKeyId,
      memberId: member.id,
      staffInvitationId,
      endpointId,
      clientId: s.client.id,
      petId: s.rex.id,
      serviceId: s.ids.fullGroom,
      addOnId: s.ids.teeth,
      staffId: s.ids.robin,
      cardId,
      cardPhotoId,
    };
    const catalogue = async () => ({
      services: await db.select().from(schema.services).where(eq(schema.services.businessId, s.business.id)),
      addOns: await db.select().from(schema.addOns).where(eq(schema.addOns.businessId, s.business.id)),
      staffServices: await db.select().from(schema.staffServices).where(eq(schema.staffServices.businessId, s.business.id)),
      schedules: await db.select().from(schema.staffSchedules).where(eq(schema.staffSchedules.businessId, s.business.id)),
    });
    const catalogueBefore = await catalogue();
    const other = await setup();
    const stranger = await createStaffAccount({ businessId: other.business.id, role: 'owner' });
    const { cookie } = await staffSignedIn(stranger.id);
    const answers: string[] = [];
    for (const route of consoleRoutes) {
      const path = fill(route.path, ours);
      const res = route.method === 'GET' ? await get(path, { cookie }) : await postForm(path, { reason: 'x' }, { cookie });
      answers.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(answers.filter((a) => !a.endsWith('→ 404'))).toEqual([]);
    expect((await appointmentsOf(s.client.id))[0]!.status).toBe('requested');
    expect((await notificationsOf(s.business.id)).every((n) => n.readAt === null)).toBe(true);
    expect((await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, apiKeyId)))[0]!.revokedAt).toBeNull();
    expect((await db.select().from(schema.staffMemberships).where(eq(schema.staffMemberships.staffAccountId, member.id)))[0]?.role).toBe('staff');
    expect((await db.select().from(schema.staffInvitations).where(eq(schema.staffInvitations.id, staffInvitationId)))[0]!.revokedAt).toBeNull();
    expect((await db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, endpointId)))[0]!.disabledAt).toBeNull();
    expect(await db.select().from(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.endpointId, endpointId))).toHaveLength(0);
    expect(await catalogue()).toEqual(catalogueBefore);
    expect((await db.select().from(schema.reportCards).where(eq(schema.reportCards.id, cardId)))[0]).toMatchObject({ mood: 'Ours', sentAt: null });
    expect(await db.select().from(schema.reportCardPhotos).where(eq(schema.reportCardPhotos.reportCardId, cardId))).toHaveLength(1);
    expect(await db.select().from(schema.reportCards).where(eq(schema.reportCards.businessId, other.business.id))).toHaveLength(0);
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id))).toHaveLength(0);
  });
});
