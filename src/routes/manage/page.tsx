/**
 * The one way a console page is answered: the Page layout with the console's header (this
 * business, its sections, the unread count), as a full page or the htmx fragment.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { Membership, StaffContext } from '../../middleware/console';
import { respond } from '../../middleware/htmx';
import { Page } from '../../../templates/layouts/page';
import { ConsoleHeader, type ConsoleHeaderProps } from '../../../templates/manage/shell';

export interface ConsolePageContext {
  staff: StaffContext;
  membership: Membership;
  unread: number;
  current: ConsoleHeaderProps['current'];
}

export function consolePage(c: Context<AppEnv>, title: string, ctx: ConsolePageContext, body: () => unknown, status: 200 | 409 | 422 | 503 = 200) {
  const m = ctx.membership;
  const masthead = (
    <ConsoleHeader
      businessId={m.businessId}
      businessName={m.businessName}
      role={m.role}
      staffName={ctx.staff.name}
      unread={ctx.unread}
      current={ctx.current}
      businesses={ctx.staff.memberships}
    />
  );
  return respond(
    c,
    {
      page: () => (
        <Page title={title} masthead={masthead}>
          {body() as never}
        </Page>
      ),
      fragment: () => body() as never,
    },
    status,
  );
}
