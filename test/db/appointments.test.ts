/**
 * The appointment queries' own tenancy guard: with a live session, a client record the
 * account is not linked to yields no rows — in SQL, before any route check runs.
 */
import { describe, expect, it } from 'vitest';
import { appointmentDetailStatements, appointmentListStatements } from '../../src/db/queries/appointments';
import { createAppointment, createBusiness, createClientRecord, createPet, db, signedInAs } from '../helpers/factories';

async function clientWithAppointment() {
  const business = await createBusiness();
  const client = await createClientRecord(business.id);
  const pet = await createPet(client);
  const appointment = await createAppointment({ client, pets: [pet] });
  return { client, appointment };
}

describe('appointment queries', () => {
  it('return the rows of a client linked to the session', async () => {
    const mine = await clientWithAppointment();
    const { tokenHash } = await signedInAs(mine.client.phoneE164);
    const scope = { clientId: mine.client.id, tokenHash, now: Date.now() };
    const [rows, total] = await db.batch(appointmentListStatements(db, scope, 'upcoming', 1));
    expect(rows.map((r) => r.id)).toEqual([mine.appointment.id]);
    expect(total[0]!.total).toBe(1);
  });

  it('return nothing for a client the session is not linked to', async () => {
    const mine = await clientWithAppointment();
    const theirs = await clientWithAppointment();
    const { tokenHash } = await signedInAs(mine.client.phoneE164);
    const scope = { clientId: theirs.client.id, tokenHash, now: Date.now() };
    const [rows, total] = await db.batch(appointmentListStatements(db, scope, 'upcoming', 1));
    expect(rows).toEqual([]);
    expect(total[0]!.total).toBe(0);
    const detail = await db.batch(appointmentDetailStatements(db, scope, theirs.appointment.id));
    expect(detail.map((r) => r.length)).toEqual([0, 0, 0, 0, 0]);
  });

  it('return nothing once the session has expired', async () => {
    const mine = await clientWithAppointment();
    const { tokenHash } = await signedInAs(mine.client.phoneE164, { expiresAt: Date.now() - 1 });
    const scope = { clientId: mine.client.id, tokenHash, now: Date.now() };
    const [rows] = await db.batch(appointmentListStatements(db, scope, 'upcoming', 1));
    expect(rows).toEqual([]);
  });
});
