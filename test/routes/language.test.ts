/**
 * Choosing the parent's language (issue 15 item 4): Accept-Language, the switcher's cookie,
 * the account's stored choice, the return path, refusals — and the console stays English.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { carryCookies, get, postForm, setCookies } from '../helpers/http';
import { createBusiness, createClientRecord, db, signedInAs, uniquePhone } from '../helpers/factories';

const SPANISH = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };

describe('the language of a page', () => {
  it('follows Accept-Language: Spanish for es-MX, with the switcher offering English', async () => {
    const res = await get('/sign-in', { headers: SPANISH });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Ir al contenido');
    expect(html).not.toContain('Skip to content');
    expect(html).toMatch(/<button type="submit" class="link" name="language" value="en" lang="en">English<\/button>/);
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
  });

  it('is English for a language we do not have, and with no header at all', async () => {
    for (const header of ['fr-FR,de;q=0.8', '']) {
      const html = await (await get('/sign-in', { headers: header ? { 'accept-language': header } : {} })).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('Skip to content');
      expect(html).toMatch(/value="es" lang="es">Español<\/button>/);
    }
  });

  it('picks the first language we have in the order of preference (q values)', async () => {
    const html = await (await get('/sign-in', { headers: { 'accept-language': 'fr;q=1, es;q=0.8, en;q=0.5' } })).text();
    expect(html).toContain('<html lang="es">');
  });

  it('the switcher remembers the choice on this device and goes back to the page', async () => {
    const res = await postForm('/language', { language: 'es', back: '/sign-in?next=%2Faccount' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Faccount');
    const cookie = setCookies(res).get('pawtal_lang');
    expect(cookie?.value).toBe('es');
    expect(cookie?.raw).toMatch(/HttpOnly/i);
    // The cookie wins over the browser's header.
    const html = await (await get('/sign-in', { cookie: carryCookies(undefined, res), headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('<html lang="es">');
  });

  it('never sends the reader off our site', async () => {
    for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '']) {
      const res = await postForm('/language', { language: 'en', back });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('refuses a language we do not have, with words, and changes nothing', async () => {
    const res = await postForm('/language', { language: 'fr', back: '/sign-in' }, { headers: SPANISH });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Elija English o Español. Su idioma no cambió.');
    expect(setCookies(res).has('pawtal_lang')).toBe(false);
  });

  it('is stored on the signed-in account, so another phone (no cookie, an English browser) shows Spanish', async () => {
    const business = await createBusiness();
    const phone = uniquePhone();
    await createClientRecord(business.id, { phoneE164: phone });
    const parent = await signedInAs(phone);
    const res = await postForm('/language', { language: 'es', back: '/' }, { cookie: parent.cookie });
    expect(res.status).toBe(303);
    const [account] = await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.id, parent.accountId));
    expect(account?.language).toBe('es');
    const other = await signedInAs(phone);
    // One business: / sends the parent on to its appointments.
    const home = await get('/', { cookie: other.cookie, headers: { 'accept-language': 'en-US' } });
    const page =
      home.status === 303 ? await get(home.headers.get('location') as string, { cookie: other.cookie, headers: { 'accept-language': 'en-US' } }) : home;
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Cerrar sesión');
    // And back to English.
    await postForm('/language', { language: 'en', back: '/' }, { cookie: other.cookie });
    const [after] = await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.id, parent.accountId));
    expect(after?.language).toBe('en');
  });

  it('a page not found is in Spanish too', async () => {
    const res = await get('/no-such-page', { headers: SPANISH });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Página no encontrada');
    expect(html).toContain('<a href="/">Ir a su portal</a>');
  });

  it('the console stays English, with no switcher', async () => {
    const html = await (await get('/manage/sign-in', { headers: SPANISH })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain('action="/language"');
  });
});
