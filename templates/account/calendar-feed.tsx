/**
 * "Calendar feed" on the account page (issue 15 item 1): a private address calendar apps
 * subscribe to. Only the token's hash is kept, so the address is shown once, right after it is
 * made; afterwards the section says a feed exists and offers a new link (which ends the old
 * one) or removing it. Plain forms and links: works without JavaScript.
 */
import { t, tx } from '../../src/i18n';
import { Notice } from '../components/notice';

export interface CalendarFeedView {
  /** The account has a feed. */
  exists: boolean;
  /** The new feed's addresses, present only on the page shown right after it was made. */
  urls: { https: string; webcal: string } | null;
  notice?: string;
}

export function CalendarFeedSection({ exists, urls, notice }: CalendarFeedView) {
  return (
    <section id="calendar-feed" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">{t('calendar.feed.heading')}</h2>
      <p>{t('calendar.feed.intro')}</p>
      <Notice text={notice} />
      {urls ? (
        <>
          <p>{tx('calendar.feed.ready', { ready: <strong>{t('calendar.feed.readyStrong')}</strong> })}</p>
          <p>
            <a class="button" href={urls.webcal} hx-boost="false">
              {t('calendar.feed.subscribe')}
            </a>
          </p>
          <p>
            <label for="calendar-feed-url">{t('calendar.feed.address')}</label>
            <input id="calendar-feed-url" type="url" readonly value={urls.https} autocomplete="off" spellcheck={false} aria-describedby="calendar-feed-hint" />
          </p>
          <p id="calendar-feed-hint" class="hint">
            {t('calendar.feed.hint')}
          </p>
        </>
      ) : exists ? (
        <p>{t('calendar.feed.exists')}</p>
      ) : (
        <p class="hint">{t('calendar.feed.none')}</p>
      )}
      <form method="post" action="/account/calendar-feed">
        <button type="submit" class={exists ? 'secondary' : undefined}>
          {exists ? t('calendar.feed.newLink') : t('calendar.feed.create')}
        </button>
      </form>
      {exists ? (
        <form method="post" action="/account/calendar-feed/remove">
          <button type="submit" class="secondary">
            {t('calendar.feed.remove')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
