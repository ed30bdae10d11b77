/**
 * Registration from an invitation link (SPEC §3.2): the invitation (who invites whom, and a
 * button to text a code to the phone on file), the code form, the page for a link that no
 * longer works, and the welcome page after registering. Plain forms that post and redirect.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { Message } from '../components/message-page';
import { Notice } from '../components/notice';

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
      <h1 id="invite-heading">
        {firstName}, {businessName} invites you to Pawtal
      </h1>
      <p>Pawtal is {businessName}'s client portal: your pets' visits, in one place.</p>
      <p>
        To register, we'll text a 6-digit code to the mobile number {businessName} has on file, ending in <strong>{phoneEnding}</strong>.
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action={urls(token).codeRequest}>
        <button type="submit">Text me a code</button>
      </form>
      <p>Not your number any more? Ask {businessName} to update it and send you a new link.</p>
      <p>
        Already registered? <a href="/sign-in">Sign in with your phone number</a>
      </p>
    </section>
  );
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
      <h1 id="code-heading">Enter your code</h1>
      <p>
        We've texted a 6-digit code to the number {businessName} has on file, ending in <strong>{phoneEnding}</strong>. It works for 10 minutes.
      </p>
      <Notice text={notice} />
      <CodeEntryForm action={urls(token).verify} submit="Register" error={error} autofocus={codeUsable} />
      <NewCodeForm action={urls(token).codeRequest} hidden={{ resend: '1' }} />
    </section>
  );
}

/** Why a link does not work: `unknown` covers malformed and unknown tokens (nothing is known). */
export type DeadReason = 'unknown' | 'expired' | 'revoked' | 'used' | 'phone_changed';

const DEAD_COPY: Record<Exclude<DeadReason, 'unknown'>, { heading: string; why: (business: string) => string }> = {
  expired: {
    heading: 'This invitation has expired',
    why: () => 'Invitation links work for 30 days.',
  },
  revoked: {
    heading: 'This invitation link has been replaced',
    why: (business) => `${business} replaced this link with a newer one or withdrew it.`,
  },
  used: {
    heading: 'This invitation has already been used',
    why: () => 'Someone has already registered with this link. If that was you, your account is ready.',
  },
  phone_changed: {
    heading: 'This invitation link no longer works',
    why: (business) => `The mobile number ${business} has on file has changed since this link was sent.`,
  },
};

export function InvitationDead({ reason, businessName }: { reason: DeadReason; businessName?: string }) {
  if (reason === 'unknown' || businessName === undefined) {
    return (
      <Message heading="This invitation link doesn't work">
        <p>
          We couldn't find this invitation. Check that you opened the whole link from the message — a link copied in part does not work. If it still doesn't,
          ask your pet-care business to send you a new link.
        </p>
        <p>
          Already registered? <a href="/sign-in">Sign in with your phone number</a>
        </p>
      </Message>
    );
  }
  const copy = DEAD_COPY[reason];
  return (
    <Message heading={copy.heading}>
      <p>{copy.why(businessName)}</p>
      <p>
        Ask {businessName} for a new link, or <a href="/sign-in">sign in with your phone number</a> if you have registered already.
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
      <h1 id="welcome-heading">Welcome to Pawtal, {firstName}</h1>
      <p>You're registered with {businessName}. Next time, sign in with a code texted to your phone.</p>
      <p>You can also set an email and password to sign in with — it's optional.</p>
      <p class="actions">
        <a class="button" href="/account/password">
          Set an email and password
        </a>
        <a class="button secondary" href={appointmentsHref}>
          Go to my appointments
        </a>
      </p>
    </section>
  );
}
