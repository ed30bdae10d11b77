/**
 * Registration from an invitation link (SPEC §3.2): the invitation (who invites whom, and a
 * button to text a code to the phone on file), the code form, the page for a link that no
 * longer works, and the welcome page after registering. Plain forms that post and redirect.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { Message } from '../components/message-page';
import { Notice } from '../components/notice';
import { t, tx } from '../../src/i18n';

/** The invitation's own URLs (the token is already checked to be base64url). */
const urls = (token: string) => ({
  codeRequest: `/invite/${token}/code-request`,
  verify: `/invite/${token}/verify`,
});

export interface InvitationProps {
  token: string;
  businessName: string;
  firstName: string;
  /** Last 4 digits of the phone on file. */
  phoneEnding: string;
  /** Why a code could not be sent (a send limit). */
  error?: string;
}

export function InvitationStart({ token, businessName, firstName, phoneEnding, error }: InvitationProps) {
  return (
    <section class="card narrow" aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t('auth.invitation.heading', { firstName, business: businessName })}</h1>
      <p>{t('auth.invitation.about', { business: businessName })}</p>
      <p>{tx('auth.invitation.toRegister', { business: businessName, ending: <strong>{phoneEnding}</strong> })}</p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action={urls(token).codeRequest}>
        <button type="submit">{t('auth.signIn.textMe')}</button>
      </form>
      <p>{t('auth.invitation.notYourNumber', { business: businessName })}</p>
      <AlreadyRegistered />
    </section>
  );
}

/** "Already registered? Sign in with your phone number". */
function AlreadyRegistered() {
  return <p>{tx('auth.invitation.alreadyRegistered', { link: <a href="/sign-in">{t('auth.invitation.signInWithPhone')}</a> })}</p>;
}

export interface InvitationCodeProps {
  token: string;
  businessName: string;
  phoneEnding: string;
  error?: string;
  notice?: string;
  /** When the code can no longer be used, the page leads with "send a new code". */
  codeUsable?: boolean;
}

export function InvitationCode({ token, businessName, phoneEnding, error, notice, codeUsable = true }: InvitationCodeProps) {
  return (
    <section class="card narrow" aria-labelledby="code-heading">
      <h1 id="code-heading">{t('auth.code.heading')}</h1>
      <p>{tx('auth.invitation.codeSent', { business: businessName, ending: <strong>{phoneEnding}</strong> })}</p>
      <Notice text={notice} />
      <CodeEntryForm action={urls(token).verify} submit={t('auth.invitation.register')} error={error} autofocus={codeUsable} />
      <NewCodeForm action={urls(token).codeRequest} hidden={{ resend: '1' }} />
    </section>
  );
}

/** Why a link does not work: `unknown` covers malformed and unknown tokens (nothing is known). */
export type DeadReason = 'unknown' | 'expired' | 'revoked' | 'used' | 'phone_changed';

/** The heading and the reason of a dead link, in the reader's language (called at render). */
function deadCopy(reason: Exclude<DeadReason, 'unknown'>, business: string): { heading: string; why: string } {
  switch (reason) {
    case 'expired':
      return { heading: t('auth.invitation.expired.heading'), why: t('auth.invitation.expired.why') };
    case 'revoked':
      return { heading: t('auth.invitation.revoked.heading'), why: t('auth.invitation.revoked.why', { business }) };
    case 'used':
      return { heading: t('auth.invitation.used.heading'), why: t('auth.invitation.used.why') };
    case 'phone_changed':
      return { heading: t('auth.invitation.phoneChanged.heading'), why: t('auth.invitation.phoneChanged.why', { business }) };
  }
}

export function InvitationDead({ reason, businessName }: { reason: DeadReason; businessName?: string }) {
  if (reason === 'unknown' || businessName === undefined) {
    return (
      <Message heading={t('auth.invitation.unknown.heading')}>
        <p>{t('auth.invitation.unknown.body')}</p>
        <AlreadyRegistered />
      </Message>
    );
  }
  const copy = deadCopy(reason, businessName);
  return (
    <Message heading={copy.heading}>
      <p>{copy.why}</p>
      <p>
        {tx('auth.invitation.askForNew', {
          business: businessName,
          link: <a href="/sign-in">{t('auth.invitation.signInWithPhoneInline')}</a>,
        })}
      </p>
    </Message>
  );
}

export interface WelcomeProps {
  firstName: string;
  businessName: string;
  appointmentsHref: string;
}

export function Welcome({ firstName, businessName, appointmentsHref }: WelcomeProps) {
  return (
    <section class="card narrow" aria-labelledby="welcome-heading">
      <h1 id="welcome-heading">{t('auth.invitation.welcome', { firstName })}</h1>
      <p>{t('auth.invitation.registered', { business: businessName })}</p>
      <p>{t('auth.invitation.optionalPassword')}</p>
      <p class="actions">
        <a class="button" href="/account/password">
          {t('auth.invitation.setPassword')}
        </a>
        <a class="button secondary" href={appointmentsHref}>
          {t('auth.invitation.goToAppointments')}
        </a>
      </p>
    </section>
  );
}
