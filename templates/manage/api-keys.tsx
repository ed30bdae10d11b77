/**
 * The owners' API keys page: the keys of the business (name, prefix, created, last used,
 * revoked), the form to create one, and — in the answer to that form only — the new key, once.
 */
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  created: string;
  lastUsed: string;
  revoked: string | null;
}

export function ApiKeys(p: {
  businessId: string;
  keys: ApiKeyRow[];
  name?: string;
  nameError?: string;
  notice?: string | null;
  newKey?: { name: string; key: string } | null;
}) {
  const base = `/manage/${p.businessId}/api-keys`;
  return (
    <section aria-labelledby="keys-heading">
      <h1 id="keys-heading">API keys</h1>
      <p>
        Keys let your own tools use the Pawtal API for this business only: confirm or decline requests and invite clients. Send one as{' '}
        <code>Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <Notice text={p.notice} />
      {p.newKey ? (
        <div class="card secret" role="status">
          <h2>Your new key “{p.newKey.name}”</h2>
          <p>Copy it now: this is the only time it is shown. We keep only a fingerprint of it.</p>
          <p>
            <label for="new-key">API key</label>
            <input id="new-key" type="text" readonly value={p.newKey.key} class="mono" />
          </p>
        </div>
      ) : null}
      <form method="post" action={base} class="card" novalidate>
        <h2>Create a key</h2>
        <Field
          id="name"
          name="name"
          label="Key name (what will use it)"
          value={p.name}
          error={p.nameError}
          maxlength={60}
          required
          autofocus={Boolean(p.nameError)}
        />
        <button type="submit">Create key</button>
      </form>
      {p.keys.length === 0 ? <p>No keys yet.</p> : null}
      <ul class="keys">
        {p.keys.map((k) => (
          <li id={`key-${k.id}`} class="card">
            <h2>
              {k.name} {k.revoked ? <span class="status s-canceled">Revoked</span> : null}
            </h2>
            <dl>
              <dt>Starts with</dt>
              <dd>
                <code>{k.prefix}…</code>
              </dd>
              <dt>Created</dt>
              <dd>{k.created}</dd>
              <dt>Last used</dt>
              <dd>{k.lastUsed}</dd>
              {k.revoked ? (
                <>
                  <dt>Revoked</dt>
                  <dd>{k.revoked}</dd>
                </>
              ) : null}
            </dl>
            {k.revoked ? null : (
              <form method="post" action={`${base}/${k.id}/revoke`}>
                <button type="submit" class="secondary">
                  Revoke “{k.name}”
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
