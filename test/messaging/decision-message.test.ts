/**
 * The parent's text about a decision (messaging/decision-message.ts): the business, what was
 * requested and when — in the business's zone and locale, on both sides of a DST change — the
 * reason when declining (shortened for SMS), and the link to the appointment.
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatTime } from '../../src/domain/time';
import { MAX_REASON_IN_MESSAGE, decisionMessage } from '../../src/messaging/decision-message';

const base = {
  businessName: 'Happy Tails',
  serviceType: 'grooming' as const,
  timeZone: 'America/Los_Angeles',
  locale: 'en-US',
  link: 'https://pawtal.test/c/cli_1/appointments/apt_1',
};

describe('decisionMessage', () => {
  it('tells a confirmation with the local date and time and the link', () => {
    // 2026-11-27 18:00 UTC is 10:00 in Los Angeles (PST).
    const text = decisionMessage({ ...base, decision: 'confirm', startsAt: Date.UTC(2026, 10, 27, 18, 0) });
    expect(text).toBe('Happy Tails confirmed your grooming request for Fri, Nov 27, 2026 at 10:00 AM. Details: https://pawtal.test/c/cli_1/appointments/apt_1');
  });

  it('writes the time in the business’s zone on both sides of a DST change, in its locale', () => {
    const london = { ...base, timeZone: 'Europe/London', locale: 'en-GB', serviceType: 'boarding' as const };
    // 09:00 in London: 08:00 UTC in summer (BST), 09:00 UTC in winter (GMT).
    expect(decisionMessage({ ...london, decision: 'confirm', startsAt: Date.UTC(2026, 9, 24, 8, 0) })).toContain('for Sat, 24 Oct 2026 at 09:00.');
    expect(decisionMessage({ ...london, decision: 'confirm', startsAt: Date.UTC(2026, 9, 31, 9, 0) })).toContain('for Sat, 31 Oct 2026 at 09:00.');
  });

  it('tells a decline with the business’s reason, or without one', () => {
    const startsAt = Date.UTC(2026, 10, 27, 18, 0);
    expect(decisionMessage({ ...base, decision: 'decline', startsAt, reason: '  Fully   booked\nthat week ' })).toBe(
      'Happy Tails could not accept your grooming request for Fri, Nov 27, 2026 at 10:00 AM (Fully booked that week). Details: https://pawtal.test/c/cli_1/appointments/apt_1',
    );
    expect(decisionMessage({ ...base, decision: 'decline', startsAt, reason: null })).toBe(
      'Happy Tails could not accept your grooming request for Fri, Nov 27, 2026 at 10:00 AM. Details: https://pawtal.test/c/cli_1/appointments/apt_1',
    );
  });

  it('never splits an emoji when shortening', () => {
    const text = decisionMessage({ ...base, decision: 'decline', startsAt: Date.UTC(2026, 10, 27, 18, 0), reason: '🐶'.repeat(200) });
    expect(text).toContain(`(${'🐶'.repeat(MAX_REASON_IN_MESSAGE - 1)}…)`);
    // No lone surrogate (half an emoji) anywhere.
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('shortens a long reason so the text stays short', () => {
    const text = decisionMessage({ ...base, decision: 'decline', startsAt: Date.UTC(2026, 10, 27, 18, 0), reason: 'x'.repeat(400) });
    expect(text).toContain(`(${'x'.repeat(MAX_REASON_IN_MESSAGE - 1)}…)`);
    expect(text.length).toBeLessThan(300);
  });

  it('writes the text in Spanish when asked, the date and time in the business’s zone and region (es-US)', () => {
    const startsAt = Date.UTC(2026, 10, 27, 18, 0);
    const date = formatDate(startsAt, 'America/Los_Angeles', 'es-US');
    const time = formatTime(startsAt, 'America/Los_Angeles', 'es-US');
    expect(date).toContain('nov');
    const link = 'https://pawtal.test/c/cli_1/appointments/apt_1';
    expect(decisionMessage({ ...base, language: 'es', decision: 'confirm', startsAt })).toBe(
      `Happy Tails confirmó su solicitud de peluquería para el ${date}, ${time}. Detalles: ${link}`,
    );
    expect(decisionMessage({ ...base, language: 'es', decision: 'waitlist', startsAt, serviceType: 'boarding' })).toBe(
      `Happy Tails puso en lista de espera su solicitud de hospedaje para el ${date}, ${time}: le avisará cuando haya un lugar. Detalles: ${link}`,
    );
    expect(decisionMessage({ ...base, language: 'es', decision: 'decline', startsAt, reason: 'Sin lugar' })).toBe(
      `Happy Tails no pudo aceptar su solicitud de peluquería para el ${date}, ${time} (Sin lugar). Detalles: ${link}`,
    );
    expect(decisionMessage({ ...base, language: 'es', decision: 'decline', startsAt })).toBe(
      `Happy Tails no pudo aceptar su solicitud de peluquería para el ${date}, ${time}. Detalles: ${link}`,
    );
  });

  it('keeps a business name or reason with braces and apostrophes as written', () => {
    const startsAt = Date.UTC(2026, 10, 27, 18, 0);
    const text = decisionMessage({ ...base, businessName: "Rex's {Place}", decision: 'decline', startsAt, reason: "it's '{full}'" });
    expect(text).toBe(
      "Rex's {Place} could not accept your grooming request for Fri, Nov 27, 2026 at 10:00 AM (it's '{full}'). Details: https://pawtal.test/c/cli_1/appointments/apt_1",
    );
  });
});
