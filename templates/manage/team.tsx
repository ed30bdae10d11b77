/**
 * The owners' team page (members with their role, change role, remove; pending invitations
 * with revoke; the invite form) and the invited person's pages: set name + password (or, for
 * an existing account, its password) to join, and the clear page for a dead link.
 */
import { EmailField } from '../components/credential-fields';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { Message } from '../components/message-page';

export interface MemberRow {
  staffAccountId: string;
  name: string;
  email: string;
  role: 'owner' | 'staff';
  since: string;
  enrolled: boolean;
  you: boolean;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: 'owner' | 'staff';
  expires: string;
}

function RoleSelect({ id, value }: { id: string; value: 'owner' | 'staff' }) {
  return (
    <select id={id} name="role">
      <option value="staff" selected={value === 'staff'}>
        Staff
      </option>
      <option value="owner" selected={value === 'owner'}>
        Owner
      </option>
    </select>
  );
}

export function Team(p: {
  businessId: string;
  members: MemberRow[];
  invitations: PendingInvitation[];
  notice?: string | null;
  error?: string | null;
  email?: string;
  emailError?: string;
  role?: 'owner' | 'staff';
}) {
  const base = `/manage/${p.businessId}/team`;
  return (
    <section aria-labelledby="team-heading">
      <h1 id="team-heading">Team</h1>
      <Notice text={p.notice} />
      {p.error ? (
        <p class="error" role="alert">
          {p.error}
        </p>
      ) : null}
      <form method="post" action={`${base}/invitations`} class="card" novalidate>
        <h2>Invite someone</h2>
        <EmailField label="Their work email address" autocomplete="email" value={p.email} error={p.emailError} autofocus={Boolean(p.emailError)} />
        <div class="field">
          <label for="invite-role">Role</label>
          <RoleSelect id="invite-role" value={p.role ?? 'staff'} />
          <p class="hint">Staff work requests, the schedule and clients. Owners also manage the team, API keys and webhooks.</p>
        </div>
        <button type="submit">Send invitation</button>
      </form>
      <h2>Members</h2>
      <ul class="members">
        {p.members.map((m) => (
          <li id={`member-${m.staffAccountId}`} class="card">
            <h3>
              {m.name}
              {m.you ? ' (you)' : ''} <span class="muted small">{m.role === 'owner' ? 'Owner' : 'Staff'}</span>
            </h3>
            <p class="muted small">
              {m.email} · since {m.since} · {m.enrolled ? 'two-step sign-in on' : 'no two-step sign-in yet'}
            </p>
            <div class="actions">
              <form method="post" action={`${base}/members/${m.staffAccountId}/role`}>
                <label for={`role-${m.staffAccountId}`}>Role of {m.name}</label>
                <RoleSelect id={`role-${m.staffAccountId}`} value={m.role} />
                <button type="submit" class="secondary">
                  Change role
                </button>
              </form>
              <form method="post" action={`${base}/members/${m.staffAccountId}/remove`}>
                <button type="submit" class="secondary">
                  Remove {m.name}
                </button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      <h2>Pending invitations</h2>
      {p.invitations.length === 0 ? <p>None.</p> : null}
      <ul class="invitations">
        {p.invitations.map((i) => (
          <li id={`invitation-${i.id}`}>
            {i.email} as {i.role === 'owner' ? 'owner' : 'staff'} <span class="muted small">· link good until {i.expires}</span>
            <form method="post" action={`${base}/invitations/${i.id}/revoke`} class="inline">
              <button type="submit" class="link">
                Revoke the invitation to {i.email}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function JoinForm(p: {
  token: string;
  businessName: string;
  email: string;
  existing: boolean;
  name?: string;
  nameError?: string;
  passwordError?: string;
}) {
  return (
    <section class="card narrow" aria-labelledby="join-heading">
      <h1 id="join-heading">Join {p.businessName}</h1>
      <p>
        You were invited as <strong>{p.email}</strong>.
        {p.existing ? ' You already have a Pawtal business account: enter its password to add this business to it.' : ' Choose your name and a password.'}
      </p>
      <form method="post" action={`/manage/invite/${p.token}`} novalidate>
        {p.existing ? null : (
          <Field
            id="name"
            name="name"
            label="Your name"
            autocomplete="name"
            value={p.name}
            error={p.nameError}
            maxlength={80}
            required
            autofocus={!p.passwordError}
          />
        )}
        <Field
          id="password"
          name="password"
          label={p.existing ? 'Your current password' : 'New password'}
          type="password"
          autocomplete={p.existing ? 'current-password' : 'new-password'}
          hint={p.existing ? undefined : 'At least 8 characters; 15 or more is better. Common passwords are refused.'}
          error={p.passwordError}
          required
          autofocus={p.existing || Boolean(p.passwordError)}
        />
        <button type="submit">{p.existing ? 'Join' : 'Create my account'}</button>
      </form>
      <p class="muted small">Next you set up two-step sign-in with an authenticator app.</p>
    </section>
  );
}

const DEAD_WORDS: Record<'unknown' | 'expired' | 'revoked' | 'used', string> = {
  unknown: 'This invitation link is not valid. Check that you opened the whole link from the email.',
  expired: 'This invitation has expired: links work for 7 days. Ask the owner to send a new one.',
  revoked: 'This invitation was withdrawn. Ask the owner if you should have a new one.',
  used: 'This invitation has been used already. Sign in with the email and password you chose.',
};

export function JoinDead(p: { reason: keyof typeof DEAD_WORDS; businessName?: string }) {
  return (
    <Message heading={p.businessName ? `Invitation to ${p.businessName}` : 'Invitation'}>
      <p>{DEAD_WORDS[p.reason]}</p>
      <p>
        <a href="/manage/sign-in">Go to business sign-in</a>
      </p>
    </Message>
  );
}
