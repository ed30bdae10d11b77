/**
 * The owner's settings pages: the index (what each page sets), the business profile and the
 * booking rules.
 */

export const SETTINGS_PAGES = [
  { path: 'profile', title: 'Business profile', what: 'Name, phone, address, time zone, country, language and currency, services offered, accent colour.' },
  {
    path: 'booking',
    title: 'Booking rules',
    what: 'Capacity, notice, how far ahead, waitlist, deposit, changes to confirmed visits, online booking and features.',
  },
  { path: 'hours', title: 'Hours and closures', what: 'Weekly opening hours per service, closed days and holidays, drop-off and pick-up windows.' },
  {
    path: 'services',
    title: 'Services and add-ons',
    what: 'What can be booked, for how long and at what price; which groomer does what, and when each works.',
  },
] as const;

export function SettingsIndex(p: { businessId: string }) {
  const base = `/manage/${p.businessId}/settings`;
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <p>Changes show in your clients' portal at their next page view.</p>
      <ul class="settings-list">
        {SETTINGS_PAGES.map((s) => (
          <li>
            <a href={`${base}/${s.path}`}>{s.title}</a>
            <br />
            <span class="muted">{s.what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
