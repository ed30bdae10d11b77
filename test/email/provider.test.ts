/** The email interface's shared rules and the one-time-code email (SPEC §3.3). */
import { describe, expect, it } from 'vitest';
import { RESET_CODE_TTL_MS } from '../../src/domain/credential-policy';
import { withLanguage } from '../../src/i18n';
import { redactSecrets } from '../../src/email/outbox';
import { assertSendable, emailCodeMessage } from '../../src/email/provider';

describe('emailCodeMessage', () => {
  it('gives a password reset email with the code on its own line, its lifetime, and what to do if unasked', () => {
    const { subject, text, html } = emailCodeMessage('123456', 'password_reset');
    expect(subject).toBe('Your Pawtal password reset code');
    expect(text).toBe(
      'Here is your code to reset your Pawtal password:\n\n' +
        '    123456\n\n' +
        'It works once, within 24 hours. Don’t share it: Pawtal will never ask you for it.\n\n' +
        'If you didn’t ask to reset your password, ignore this email: your password has not changed.\n\n' +
        '— Pawtal\n',
    );
    expect(RESET_CODE_TTL_MS).toBe(24 * 3_600_000); // the lifetime the text states
    expect(html).toContain('>123456</p>');
    expect(html).toContain('within 24 hours');
  });

  it('keeps the code out of the subject (lock screens show subjects)', () => {
    expect(emailCodeMessage('987654', 'password_reset').subject).not.toMatch(/\d/);
  });

  it('has nothing to track with in the HTML: no links, images or remote content', () => {
    const { html, text } = emailCodeMessage('555123', 'password_reset');
    expect(html).not.toMatch(/<a\b|<img\b|src=|href=|url\(|https?:/i);
    expect(text).not.toMatch(/https?:/i);
  });

  it('escapes its text in the HTML', () => {
    expect(emailCodeMessage('123456', 'password_reset').html).toContain('didn’t ask to reset');
    expect(emailCodeMessage('123456', 'password_reset').html).not.toMatch(/<p>[^<]*[<>][^<]*<\/p>/);
  });

  it('refuses a code that is not 6 ASCII digits', () => {
    for (const bad of ['12345', '1234567', '12a456', ' 123456', '１２３４５６']) {
      expect(() => emailCodeMessage(bad, 'password_reset')).toThrow(TypeError);
    }
  });
});

describe('assertSendable', () => {
  const ok = { to: 'jamie@example.com', subject: 'Hi', text: 'Body' };

  it('accepts one plain address, a one-line subject and a text body', () => {
    expect(() => assertSendable(ok)).not.toThrow();
    expect(() => assertSendable({ ...ok, to: 'jamie.lee+dogs@mail.example.co.uk' })).not.toThrow();
  });

  it.each([
    ['two recipients', { to: 'a@example.com, b@example.com' }, /"to"/],
    ['a display name', { to: 'Jamie <jamie@example.com>' }, /"to"/],
    ['no domain dot', { to: 'jamie@localhost' }, /"to"/],
    ['a line break in the subject', { subject: 'Hi\r\nBcc: x@example.com' }, /"subject"/],
    ['an empty subject', { subject: '  ' }, /"subject"/],
    ['an empty body', { text: '' }, /"text"/],
  ])('refuses %s', (_, change, message) => {
    expect(() => assertSendable({ ...ok, ...change })).toThrow(message);
  });
});

describe('emailCodeMessage in Spanish', () => {
  it('writes the reset email in the request’s language, the code on its own line (masked in the outbox)', () => {
    const { subject, text, html } = withLanguage('es', '/', () => emailCodeMessage('123456', 'password_reset'));
    expect(subject).toBe('Su código para restablecer la contraseña de Pawtal');
    expect(text).toBe(
      'Este es su código para restablecer su contraseña de Pawtal:\n\n' +
        '    123456\n\n' +
        'Sirve una sola vez, dentro de 24 horas. No lo comparta: Pawtal nunca se lo pedirá.\n\n' +
        'Si usted no pidió restablecer su contraseña, ignore este correo: su contraseña no cambió.\n\n' +
        '— Pawtal\n',
    );
    expect(html).toContain('>123456</p>');
    expect(redactSecrets(text)).not.toContain('123456');
  });
});
