/**
 * "Calendar feed" on the account page (issue 15 item 1): a private address calendar apps
 * subscribe to. Only the token's hash is kept, so the address is shown once, right after it is
 * made; afterwards the section says a feed exists and offers a new link (which ends the old
 * one) or removing it. Plain forms and links: works without JavaScript.
 */
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
      <h2 id="calendar-feed-heading">Calendar feed</h2>
      <p>
        Subscribe to your pets' visits in your calendar app (Apple, Google, Outlook): upcoming visits and those of the last 30 days, from every business, kept
        up to date when a visit is confirmed, moved or canceled.
      </p>
      <Notice text={notice} />
      {urls ? (
        <>
          <p>
            <strong>Your private link is ready. Copy it now: it is shown only this once.</strong> Anyone who has it can see your pets' visits, so keep it to
            yourself.
          </p>
          <p>
            <a class="button" href={urls.webcal} hx-boost="false">
              Subscribe on this device
            </a>
          </p>
          <p>
            <label for="calendar-feed-url">Feed address</label>
            <input id="calendar-feed-url" type="url" readonly value={urls.https} autocomplete="off" spellcheck={false} aria-describedby="calendar-feed-hint" />
          </p>
          <p id="calendar-feed-hint" class="hint">
            In Google Calendar: Other calendars → From URL, then paste this address. Apps refresh it every hour or so.
          </p>
        </>
      ) : exists ? (
        <p>You have a calendar feed. For your security its address is not shown again: if you lost it, make a new link (the old one stops working at once).</p>
      ) : (
        <p class="hint">You have no calendar feed.</p>
      )}
      <form method="post" action="/account/calendar-feed">
        <button type="submit" class={exists ? 'secondary' : undefined}>
          {exists ? 'Make a new link' : 'Create a calendar feed'}
        </button>
      </form>
      {exists ? (
        <form method="post" action="/account/calendar-feed/remove">
          <button type="submit" class="secondary">
            Remove the calendar feed
          </button>
        </form>
      ) : null}
    </section>
  );
}
