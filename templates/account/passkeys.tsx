/**
 * Passkeys (issue 15 item 2): the "Sign in with a passkey" and "Add a passkey" forms, the list
 * of a person's passkeys with "Remove", and the parent's /account/passkeys page. The forms are
 * `hidden` in the HTML: only the page's script (static/app-*.js), where the browser has
 * WebAuthn, shows them. It asks `data-options` for a challenge, runs the browser's passkey
 * prompt, puts the answer in the form's `response` field and submits it — an ordinary form
 * post, answered by a redirect or a page with the error. Without JS nothing here is shown.
 */
import { t, tx } from '../../src/i18n';
import { Field, FieldError } from '../components/field';
import { Notice } from '../components/notice';

/** A passkey form: its ceremony (`data-passkey`), where its challenge comes from, and the field for the answer. */
function PasskeyForm(p: {
  ceremony: 'register' | 'authenticate';
  action: string;
  options: string;
  id: string;
  error?: string;
  children?: unknown;
  submit: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={p.action} data-passkey={p.ceremony} data-options={p.options} class="passkey-form" hidden={!p.error} novalidate>
      <input type="hidden" name="response" value="" />
      {p.children as never}
      <FieldError id={p.id} error={p.error} />
      <p class="error" data-passkey-error role="alert" hidden></p>
      <button type="submit" id={p.id} class={p.secondary ? 'secondary' : undefined} aria-describedby={p.error ? `${p.id}-error` : undefined}>
        {p.submit}
      </button>
    </form>
  );
}

/** On /sign-in: a passkey instead of the text message (discoverable: no phone typed). */
export function PasskeySignInForm(p: { action?: string; options?: string; error?: string; label?: string }) {
  return (
    <PasskeyForm
      ceremony="authenticate"
      action={p.action ?? '/sign-in/passkey'}
      options={p.options ?? '/sign-in/passkey/options'}
      id="passkey-sign-in"
      error={p.error}
      submit={p.label ?? t('passkeys.signIn')}
      secondary
    />
  );
}

/** "Add a passkey", with an optional name for it (the device's kind when left empty). */
export function AddPasskeyForm(p: { action: string; options: string; error?: string }) {
  return (
    <PasskeyForm ceremony="register" action={p.action} options={p.options} id="passkey-add" error={p.error} submit={t('passkeys.add')}>
      <Field id="passkey-name" name="name" label={t('passkeys.nameLabel')} maxlength={60} autocomplete="off" hint={t('passkeys.nameHint')} />
    </PasskeyForm>
  );
}

export interface PasskeyItem {
  id: string;
  name: string;
  created: string;
  lastUsed: string | null;
}

/** The list with a "Remove" button each (`removeAction(id)` posts). */
export function PasskeyList(p: { passkeys: PasskeyItem[]; removeAction: (id: string) => string }) {
  if (p.passkeys.length === 0) return <p>{t('passkeys.none')}</p>;
  return (
    <ul class="settings-list passkeys">
      {p.passkeys.map((k) => (
        <li>
          <strong>{k.name}</strong>
          <span class="muted small">
            {' '}
            {t('passkeys.added', { date: k.created })} {k.lastUsed ? t('passkeys.lastUsed', { date: k.lastUsed }) : t('passkeys.notUsed')}
          </span>
          <form method="post" action={p.removeAction(k.id)}>
            <button type="submit" class="secondary" aria-label={t('passkeys.removeNamed', { name: k.name })}>
              {t('passkeys.remove')}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

/** The account page's short section: add a passkey here, manage them on their page. */
export function AccountPasskeysSection(p: { recent: boolean }) {
  return (
    <>
      <h2>{t('passkeys.title')}</h2>
      <p>{t('passkeys.section.body')}</p>
      {p.recent ? <AddPasskeyForm action="/account/passkeys" options="/account/passkeys/options" /> : null}
      <p>
        <a href="/account/passkeys">{t('passkeys.section.link')}</a>
      </p>
    </>
  );
}

export interface PasskeysPageProps {
  passkeys: PasskeyItem[];
  /** Adding one needs a recent sign-in, as changing the password does. */
  recent: boolean;
  notice?: string;
  error?: string;
}

/** `/account/passkeys`: the list, "Remove", and "Add a passkey". */
export function PasskeysPage(p: PasskeysPageProps) {
  return (
    <section class="card" aria-labelledby="passkeys-heading">
      <p>
        <a href="/account">{t('passkeys.back')}</a>
      </p>
      <h1 id="passkeys-heading">{t('passkeys.title')}</h1>
      <Notice text={p.notice} />
      <p>{t('passkeys.intro')}</p>
      <PasskeyList passkeys={p.passkeys} removeAction={(id) => `/account/passkeys/${id}/remove`} />
      {p.recent ? (
        <AddPasskeyForm action="/account/passkeys" options="/account/passkeys/options" error={p.error} />
      ) : (
        <>
          <FieldError id="passkey-add" error={p.error} />
          <p>{tx('passkeys.confirmFirst', { link: <a href="/account">{t('passkeys.confirmFirstLink')}</a> })}</p>
        </>
      )}
      <noscript>
        <p class="hint">{t('passkeys.noscript')}</p>
      </noscript>
    </section>
  );
}
