/**
 * The one error renderer (DESIGN.md rule 5). Guards throw; this turns what they threw into a
 * friendly page — or, for a partial htmx request, the same message as a fragment — with the
 * right status. Unexpected errors are logged with the request id and shown as a 500 page that
 * quotes it, so a parent can report it and an operator can find it. A database that cannot be
 * reached or does not answer in time (db/client.ts) is a 503 with Retry-After instead: it is
 * not a bug, and trying again soon is the right thing to do.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { redirectToSignIn, respond } from '../middleware/htmx';
import { PortalNotAvailable, SignInRequired } from '../middleware/portal';
import { OwnersOnly, StaffSignInRequired, StaffTwoStepRequired } from '../middleware/console';
import { clearStaffSessionCookie } from '../middleware/staff-session';
import { clearSessionCookie } from '../middleware/session';
import { loggablePath } from '../middleware/observability';
import { Page } from '../../templates/layouts/page';
import { Message } from '../../templates/components/message-page';
import { NotAvailableYet } from '../../templates/portal/pages';
import { isBookingLockUnavailable } from '../domain/booking-plan';
import { databaseUnavailable } from '../db/client';
import { t, tx, useReturnPath } from '../i18n';

/** Seconds a client is asked to wait before trying again while the database is failing. */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

function notFoundMessage() {
  return (
    <Message heading={t('errors.notFound.heading')}>
      <p>{tx('errors.notFound.body', { link: <a href="/">{t('errors.notFound.link')}</a> })}</p>
    </Message>
  );
}

export function renderNotFound(c: Context<AppEnv>) {
  // Every 404 the same page, whatever was asked for (invitation tokens: decision 0004).
  useReturnPath('/');
  return respond(c, { page: () => <Page title={t('errors.notFound.title')}>{notFoundMessage()}</Page>, fragment: notFoundMessage }, 404);
}

export function renderError(err: Error, c: Context<AppEnv>) {
  if (err instanceof SignInRequired) {
    if (c.get('sessionTokenHash')) clearSessionCookie(c);
    return redirectToSignIn(c);
  }
  if (err instanceof StaffSignInRequired) {
    clearStaffSessionCookie(c);
    return redirectToSignIn(c, '/manage/sign-in');
  }
  if (err instanceof StaffTwoStepRequired) return redirectToSignIn(c, err.enrolled ? '/manage/two-step' : '/manage/two-step/setup');
  if (err instanceof OwnersOnly) {
    const body = () => (
      <Message heading="Only owners can do this">
        <p>This part of the console is for the business's owners. Ask an owner if you need something changed here.</p>
      </Message>
    );
    return respond(c, { page: () => <Page title="Owners only">{body()}</Page>, fragment: body }, 403);
  }
  if (err instanceof PortalNotAvailable) {
    const body = () => <NotAvailableYet businesses={err.businesses} />;
    return respond(c, {
      page: () => (
        <Page title={t('errors.notAvailableYet.title')} header={{ signedIn: true }}>
          {body()}
        </Page>
      ),
      fragment: body,
    });
  }
  if (err instanceof HTTPException && err.status === 404) return renderNotFound(c);
  if (err instanceof HTTPException && err.status === 403) {
    const body = () => (
      <Message heading={t('errors.formRefused.heading')}>
        <p>{t('errors.formRefused.body')}</p>
      </Message>
    );
    return respond(c, { page: () => <Page title={t('errors.formRefused.heading')}>{body()}</Page>, fragment: body }, 403);
  }
  if (err instanceof HTTPException && err.status === 413) {
    const body = () => (
      <Message heading={t('errors.tooLarge.heading')}>
        <p>{t('errors.tooLarge.body')}</p>
      </Message>
    );
    return respond(c, { page: () => <Page title={t('errors.tooLarge.title')}>{body()}</Page>, fragment: body }, 413);
  }
  // Any other deliberate HTTP answer (401 with its WWW-Authenticate from bearer auth, …).
  if (err instanceof HTTPException && err.status < 500) return err.getResponse();
  const requestId = c.get('requestId');
  const dbDown = databaseUnavailable(err);
  if (dbDown) {
    console.error(
      JSON.stringify({
        level: 'error',
        msg: 'database unavailable',
        failure: dbDown.failure,
        requestId,
        path: loggablePath(c.req.path),
        error: dbDown.message,
      }),
    );
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    const body = () => (
      <Message heading={t('errors.databaseDown.heading')} requestId={requestId}>
        <p>{t('errors.databaseDown.body')}</p>
      </Message>
    );
    return respond(c, { page: () => <Page title={t('errors.databaseDown.title')}>{body()}</Page>, fragment: body }, 503);
  }
  if (isBookingLockUnavailable(err)) {
    // The booking's write got no answer: it may or may not have happened. Sending the same form
    // again is safe (same idempotency key) and gets the saved answer if there is one.
    console.error(JSON.stringify({ level: 'error', msg: 'booking write unanswered', requestId, path: loggablePath(c.req.path) }));
    const body = () => (
      <Message heading={t('errors.unconfirmed.heading')} requestId={requestId}>
        <p>{t('errors.unconfirmed.body')}</p>
      </Message>
    );
    return respond(c, { page: () => <Page title={t('errors.unconfirmed.heading')}>{body()}</Page>, fragment: body }, 503);
  }
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId, path: loggablePath(c.req.path), error: err.message, stack: err.stack }));
  const body = () => (
    <Message heading={t('errors.unexpected.heading')} requestId={requestId}>
      <p>{t('errors.unexpected.body')}</p>
    </Message>
  );
  return respond(c, { page: () => <Page title={t('errors.unexpected.heading')}>{body()}</Page>, fragment: body }, 500);
}
