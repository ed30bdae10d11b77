/**
 * Store credit (SPEC §8) under the client profile being viewed: /c/:clientId/credit, the
 * balance and the paged history. Every business has it. Display only: GET is the one method —
 * there is no route that adds, changes or removes credit. One database batch, session included.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { pageCountFor, pageNumber } from './paging';
import { CREDIT_PAGE_SIZE, creditStatements } from '../db/queries/credit';
import { t } from '../i18n';
import { respond } from '../middleware/htmx';
import { headerFor, linkedAppointment, loadSignedIn, requireProfile } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { CreditPage, type CreditEntry } from '../../templates/credit/credit';

export const creditRoutes = new Hono<AppEnv>();

creditRoutes.get('/c/:clientId/credit', async (c) => {
  const clientId = c.req.param('clientId');
  const page = pageNumber(c.req.query('page'));
  const { session, results } = await loadSignedIn(c, (tokenHash, now) => creditStatements(c.get('db'), { clientId, tokenHash, now }, page));
  const profile = requireProfile(session, clientId);
  const [rows, totalRows, balanceRows] = results;
  const pageCount = pageCountFor(totalRows[0]?.total ?? 0, CREDIT_PAGE_SIZE, page);
  const { business } = profile;
  const balances = balanceRows.length > 0 ? balanceRows : [{ currency: business.currency, balanceMinor: 0 }];
  const entries: CreditEntry[] = rows.map((r) => ({
    id: r.id,
    amountMinor: r.amountMinor,
    currency: r.currency,
    reason: r.reason,
    createdAt: r.createdAt,
    appointment: linkedAppointment(clientId, r),
  }));
  return respond(c, {
    page: () => (
      <Page title={t('credit.title')} header={headerFor(session, profile)}>
        <CreditPage
          basePath={`/c/${clientId}/credit`}
          balances={balances}
          entries={entries}
          page={page}
          pageCount={pageCount}
          timeZone={business.timeZone}
          locale={business.locale}
        />
      </Page>
    ),
  });
});
