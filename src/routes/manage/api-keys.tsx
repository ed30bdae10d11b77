/**
 * The owners' API keys page (issue: console part 1, item 6): list, create (the key shown once,
 * in the answer to the POST, stored as SHA-256 with a short prefix), revoke. Each change writes
 * its audit row in its own batch; staff get 403, another business's id 404.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { apiKeysStatement, createApiKeyStatements, revokeApiKeyStatements } from '../../db/queries/api-keys';
import { apiKeyHash, checkKeyName, newApiKey } from '../../domain/api-key';
import { newId } from '../../domain/ids';
import { clientIp } from '../../middleware/client-ip';
import { ApiKeys } from '../../../templates/manage/api-keys';
import { loadOwnerPage, momentOr, ownerPage, type OwnerCtx } from './owner-page';

export const apiKeyRoutes = new Hono<AppEnv>();

const NOTICES: Record<string, string> = { revoked: 'Key revoked. Calls with it now answer 401.' };

type KeyRows = Awaited<ReturnType<typeof apiKeysStatement>>;

function render(
  c: Context<AppEnv>,
  ctx: OwnerCtx,
  rows: KeyRows,
  extra: { name?: string; nameError?: string; newKey?: { name: string; key: string }; status?: 200 | 422 } = {},
) {
  const { staff, m, unread } = ctx;
  const keys = rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: `${momentOr(k.createdAt, m, '')}${k.createdByName ? ` by ${k.createdByName}` : ''}`,
    lastUsed: momentOr(k.lastUsedAt, m, 'Never'),
    revoked: k.revokedAt ? momentOr(k.revokedAt, m, '') : null,
  }));
  return ownerPage(
    c,
    { title: 'API keys', section: 'api-keys', staff, m, unread },
    () => (
      <ApiKeys
        businessId={m.businessId}
        keys={keys}
        name={extra.name}
        nameError={extra.nameError}
        newKey={extra.newKey}
        notice={extra.newKey ? null : (NOTICES[c.req.query('done') ?? ''] ?? null)}
      />
    ),
    extra.status,
  );
}

/** The page's one batch: the session, the unread badge and the keys. */
function loadKeys(c: Context<AppEnv>, businessId: string) {
  const db = c.get('db');
  return loadOwnerPage(c, businessId, (tokenHash, now) => ({ keys: apiKeysStatement(db, businessId, tokenHash, now) }));
}

apiKeyRoutes.get('/manage/:businessId/api-keys', async (c) => {
  const loaded = await loadKeys(c, c.req.param('businessId'));
  return render(c, loaded, loaded.results.keys);
});

apiKeyRoutes.post('/manage/:businessId/api-keys', async (c) => {
  const businessId = c.req.param('businessId');
  const form = await c.req.parseBody();
  const loaded = await loadKeys(c, businessId);
  const { staff, tokenHash, now } = loaded;
  const name = checkKeyName(form.name);
  if (!name.ok)
    return render(c, loaded, loaded.results.keys, { name: typeof form.name === 'string' ? form.name.slice(0, 60) : '', nameError: name.message, status: 422 });
  const { key, prefix } = newApiKey();
  const db = c.get('db');
  const [, , created, keys] = await db.batch([
    ...createApiKeyStatements(db, {
      id: newId('key'),
      businessId,
      name: name.name,
      keyHash: await apiKeyHash(key),
      prefix,
      staffAccountId: staff.staffAccountId,
      tokenHash,
      now,
      auditId: newId('aud'),
      ipAddress: clientIp(c),
    }),
    apiKeysStatement(db, businessId, tokenHash, now),
  ]);
  if (created.length === 0) return c.redirect(`/manage/${businessId}/api-keys`, 303);
  // Shown once, in the answer to this POST (like recovery codes): only the hash is stored.
  return render(c, loaded, keys, { newKey: { name: name.name, key } });
});

apiKeyRoutes.post('/manage/:businessId/api-keys/:apiKeyId/revoke', async (c) => {
  const businessId = c.req.param('businessId');
  const { staff, tokenHash, now } = await loadOwnerPage(c, businessId, () => ({}));
  const db = c.get('db');
  await db.batch(
    revokeApiKeyStatements(db, {
      keyId: c.req.param('apiKeyId'),
      businessId,
      staffAccountId: staff.staffAccountId,
      tokenHash,
      now,
      auditId: newId('aud'),
      ipAddress: clientIp(c),
    }),
  );
  return c.redirect(`/manage/${businessId}/api-keys?done=revoked`, 303);
});
