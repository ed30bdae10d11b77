/**
 * The console's security page (issue 15 item 2): a staff member's passkeys, "Add a passkey"
 * and "Remove". With a passkey they sign in without password and code, or use it as the code.
 */
import { Notice } from '../components/notice';
import { AddPasskeyForm, PasskeyList, type PasskeyItem } from '../account/passkeys';

export interface StaffPasskeysPageProps {
  name: string;
  passkeys: PasskeyItem[];
  notice?: string;
  error?: string;
}

export function StaffPasskeysPage(p: StaffPasskeysPageProps) {
  return (
    <section class="card narrow" aria-labelledby="staff-passkeys-heading">
      <p>
        <a href="/manage">← Back to the console</a>
      </p>
      <h1 id="staff-passkeys-heading">Passkeys</h1>
      <Notice text={p.notice} />
      <p>
        A passkey signs you in with your fingerprint, face or device PIN: no password and no code from the app. After your password, it can also stand in for
        the code.
      </p>
      <PasskeyList passkeys={p.passkeys} removeAction={(id) => `/manage/passkeys/${id}/remove`} />
      <AddPasskeyForm action="/manage/passkeys" options="/manage/passkeys/options" error={p.error} />
      <noscript>
        <p class="hint">Adding a passkey or signing in with one needs JavaScript.</p>
      </noscript>
    </section>
  );
}
