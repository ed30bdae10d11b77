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
  agreementId: string;
  signatureId: string;
  uploadId: string;
  packagePlanId: string;
  membershipPlanId: string;
  membershipId: string;
  classId: string;
  sessionId: string;
  enrollmentId: string;
};
const FILL: Record<string, (o: Ours, path: string) => string> = {
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
  agreementId: (o) => o.agreementId,
  signatureId: (o) => o.signatureId,
  uploadId: (o) => o.uploadId,
  // Packages and memberships both name their plan :planId.
  planId: (o, path) => (path.includes('/memberships/') ? o.membershipPlanId : o.packagePlanId),
  membershipId: (o) => o.membershipId,
  classId: (o) => o.classId,
  sessionId: (o) => o.sessionId,
  enrollmentId: (o) => o.enrollmentId,
};

function fill(path: string, ours: Ours): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => FILL[name]!(ours, path));
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
    // What the business publishes (issue 14): an agreement signed by our client, a pending
    // certificate, package and membership plans with a membership, a class with a session and a pet.
    const tag = s.business.id.slice(4);
    const agreementId = `agr_${tag}`;
    const versionId = `agv_${tag}`;
    const signatureId = `sig_${tag}`;
    await db.insert(schema.agreements).values({ id: agreementId, businessId: s.business.id, title: 'Ours', createdAt: new Date() });
    await db
      .insert(schema.agreementVersions)
      .values({ id: versionId, businessId: s.business.id, agreementId, version: 1, body: 'Our text.', publishedAt: new Date() });
    await db.insert(schema.agreementSignatures).values({
      id: signatureId,
      businessId: s.business.id,
      clientId: s.client.id,
      agreementVersionId: versionId,
      signerName: 'Ours',
      method: 'typed',
      textSha256: 'a'.repeat(64),
      consentGiven: true,
      signedAt: new Date(),
    });
    const uploadId = `vup_${tag}`;
    await db.insert(schema.vaccinationUploads).values({
      id: uploadId,
      businessId: s.business.id,
      clientId: s.client.id,
      petId: s.rex.id,
      objectKey: `vaccinations/${s.business.id}/${s.rex.id}/ours`,
      contentType: 'image/png',
      sizeBytes: 100,
      entries: JSON.stringify([{ name: 'Rabies', expiresOn: '2030-01-01' }]),
      uploadedAt: new Date(),
    });
    const packagePlanId = `ppl_${tag}`;
    await db
      .insert(schema.packagePlans)
      .values({ id: packagePlanId, businessId: s.business.id, name: 'Ours', covers: 'Baths', quantity: 5, priceMinor: 100, createdAt: new Date() });
    const membershipPlanId = `mpl_${tag}`;
    await db
      .insert(schema.membershipPlans)
      .values({ id: membershipPlanId, businessId: s.business.id, name: 'Ours', priceMinor: 100, period: 'month', createdAt: new Date() });
    const membershipId = `mbr_${tag}`;
    await db.insert(schema.clientMemberships).values({
      id: membershipId,
      businessId: s.business.id,
      clientId: s.client.id,
      planId: membershipPlanId,
      planName: 'Ours',
      status: 'active',
      priceMinor: 100,
      currency: 'USD',
      period: 'month',
      nextRenewalOn: '2030-01-01',
    });
    const classId = `cls_${tag}`;
    const sessionId = `csn_${tag}`;
    const enrollmentId = `enr_${tag}`;
    await db.insert(schema.groupClasses).values({ id: classId, businessId: s.business.id, name: 'Ours', capacity: 4 });
    await db
      .insert(schema.classSessions)
      .values({ id: sessionId, businessId: s.business.id, classId, startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) });
    await db
      .insert(schema.classEnrollments)
      .values({ id: enrollmentId, businessId: s.business.id, classId, clientId: s.client.id, petId: s.rex.id, enrolledAt: new Date() });
    const published = async () => ({
      agreements: await db.select().from(schema.agreements).where(eq(schema.agreements.businessId, s.business.id)),
      versions: await db.select().from(schema.agreementVersions).where(eq(schema.agreementVersions.businessId, s.business.id)),
      uploads: await db.select().from(schema.vaccinationUploads).where(eq(schema.vaccinationUploads.businessId, s.business.id)),
      vaccinations: await db.select().from(schema.petVaccinations).where(eq(schema.petVaccinations.businessId, s.business.id)),
      packagePlans: await db.select().from(schema.packagePlans).where(eq(schema.packagePlans.businessId, s.business.id)),
      packages: await db.select().from(schema.clientPackages).where(eq(schema.clientPackages.businessId, s.business.id)),
      membershipPlans: await db.select().from(schema.membershipPlans).where(eq(schema.membershipPlans.businessId, s.business.id)),
      memberships: await db.select().from(schema.clientMemberships).where(eq(schema.clientMemberships.businessId, s.business.id)),
      classes: await db.select().from(schema.groupClasses).where(eq(schema.groupClasses.businessId, s.business.id)),
      sessions: await db.select().from(schema.classSessions).where(eq(schema.classSessions.businessId, s.business.id)),
      enrollments: await db.select().from(schema.classEnrollments).where(eq(schema.classEnrollments.businessId, s.business.id)),
      attendance: await db.select().from(schema.classAttendance).where(eq(schema.classAttendance.businessId, s.business.id)),
      credit: await db.select().from(schema.storeCreditTransactions).where(eq(schema.storeCreditTransactions.businessId, s.business.id)),
    });
    const publishedBefore = await published();
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
      agreementId,
      signatureId,
      uploadId,
      packagePlanId,
      membershipPlanId,
      membershipId,
      classId,
      sessionId,
      enrollmentId,
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
    expect(await published()).toEqual(publishedBefore);
    expect((await db.select().from(schema.reportCards).where(eq(schema.reportCards.id, cardId)))[0]).toMatchObject({ mood: 'Ours', sentAt: null });
    expect(await db.select().from(schema.reportCardPhotos).where(eq(schema.reportCardPhotos.reportCardId, cardId))).toHaveLength(1);
    expect(await db.select().from(schema.reportCards).where(eq(schema.reportCards.businessId, other.business.id))).toHaveLength(0);
    expect(await db.select().from(schema.auditLog).where(eq(schema.auditLog.businessId, s.business.id))).toHaveLength(0);
  });
});
