/**
 * The business console's header: which business (with a switcher when the staff member has
 * several), the sections, the unread-notification count (polled by htmx every 30 s; without
 * JS a reload shows it) and sign out. Console pages use the one Page layout with this masthead.
 */
export interface ConsoleHeaderProps {
  businessId: string;
  businessName: string;
  role: 'owner' | 'staff';
  staffName: string;
  unread: number;
  businesses: { businessId: string; businessName: string }[];
  current:
    | 'inbox'
    | 'schedule'
    | 'clients'
    | 'notifications'
    | 'report-cards'
    | 'agreements'
    | 'vaccinations'
    | 'packages'
    | 'memberships'
    | 'classes'
    | 'settings'
    | 'team'
    | 'api-keys'
    | 'webhooks'
    | 'audit'
    | null;
}

export function UnreadBadge({ businessId, unread }: { businessId: string; unread: number }) {
  return (
    <span
      id="unread"
      class={unread > 0 ? 'badge' : 'badge none'}
      hx-get={`/manage/${businessId}/notifications/unread`}
      hx-trigger="every 30s"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      {unread > 0 ? `${unread} unread` : 'none unread'}
    </span>
  );
}

export function ConsoleHeader(p: ConsoleHeaderProps) {
  const base = `/manage/${p.businessId}`;
  const link = (key: ConsoleHeaderProps['current'], href: string, label: string) => (
    <a href={href} aria-current={p.current === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header class="site console">
        <a class="brand" href="/manage">
          Pawtal for business
        </a>
        <span class="biz">{p.businessName}</span>
        <form method="post" action="/manage/sign-out" class="signout">
          <button type="submit" class="link">
            Sign out {p.staffName}
          </button>
        </form>
      </header>
      <nav class="sections" aria-label="Console sections">
        {link('inbox', `${base}/inbox`, 'Requests')}
        {link('schedule', `${base}/schedule`, 'Schedule')}
        {link('clients', `${base}/clients`, 'Clients')}
        <a href={`${base}/notifications`} aria-current={p.current === 'notifications' ? 'page' : undefined}>
          Notifications <UnreadBadge businessId={p.businessId} unread={p.unread} />
        </a>
        {link('report-cards', `${base}/report-cards`, 'Report cards')}
        {link('agreements', `${base}/agreements`, 'Agreements')}
        {link('vaccinations', `${base}/vaccinations`, 'Vaccinations')}
        {link('packages', `${base}/packages`, 'Packages')}
        {link('memberships', `${base}/memberships`, 'Memberships')}
        {link('classes', `${base}/classes`, 'Classes')}
        {p.role === 'owner' ? (
          <>
            {link('settings', `${base}/settings`, 'Settings')}
            {link('team', `${base}/team`, 'Team')}
            {link('api-keys', `${base}/api-keys`, 'API keys')}
            {link('webhooks', `${base}/webhooks`, 'Webhooks')}
            {link('audit', `${base}/audit`, 'Audit log')}
          </>
        ) : null}
        {p.businesses.length > 1 ? <a href="/manage">Switch business</a> : null}
        <a href="/manage/passkeys">Your passkeys</a>
      </nav>
    </>
  );
}

export function PlainConsoleHeader() {
  return (
    <header class="site console">
      <a class="brand" href="/manage">
        Pawtal for business
      </a>
    </header>
  );
}
