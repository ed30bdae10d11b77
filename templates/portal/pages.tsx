/**
 * Portal-level pages: choosing a profile when an account has several, and the notice for a
 * business whose portal is not available yet (SPEC §2: grooming-only without the beta).
 */
import { Message } from '../components/message-page';

export interface ProfileChoice {
  href: string;
  businessName: string;
  clientName: string;
}

export function ChooseProfile({ choices }: { choices: ProfileChoice[] }) {
  return (
    <section aria-labelledby="choose-heading">
      <h1 id="choose-heading">Choose a business</h1>
      <ul class="choices">
        {choices.map((c) => (
          <li>
            <a href={c.href}>
              <strong>{c.businessName}</strong>
              <span class="muted"> · {c.clientName}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NotAvailableYet({ businessNames }: { businessNames: string[] }) {
  const names = businessNames.join(', ');
  return (
    <Message heading="Not available yet">
      <p>
        The client portal is not available yet for <strong>{names}</strong>. The business can still help you by phone or in person, and you can sign in here
        once they turn the portal on.
      </p>
    </Message>
  );
}

export function NoProfiles() {
  return (
    <Message heading="No client profile found">
      <p>We could not find a client profile for this phone number. Ask your pet-care business to check the number they have on file.</p>
    </Message>
  );
}
