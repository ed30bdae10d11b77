/**
 * `POST /language` — the switcher at the foot of every parent page and the account page's
 * choice: remembers the language on this device (a cookie) and, when signed in, on the account
 * (so the parent's other phones and their texts follow it), then goes back to the page.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { setAccountLanguage } from '../db/queries/portal';
import { isLanguage } from '../i18n';

import { safeReturnPath, setLanguageCookie } from '../middleware/language';
import { t } from '../i18n';
import { Page } from '../../templates/layouts/page';
import { Message } from '../../templates/components/message-page';

export const languageRoutes = new Hono<AppEnv>();

languageRoutes.post('/language', async (c) => {
  const form = await c.req.parseBody();
  const language = form.language;
  if (!isLanguage(language)) {
    c.status(400);
    return c.html(
      <Page title={t('layout.chooseLanguage')}>
        <Message heading={t('layout.chooseLanguage')}>
          <p>{t('layout.chooseLanguageBody')}</p>
        </Message>
      </Page>,
    );
  }
  setLanguageCookie(c, language);
  const tokenHash = c.get('sessionTokenHash');
  if (tokenHash) await setAccountLanguage(c.get('db'), tokenHash, Date.now(), language);
  return c.redirect(safeReturnPath(form.back), 303);
});
