/**
 * The owners' webhooks pages: the endpoints (with queued / failed counts) and the form to add
 * one — whose signing secret is shown once, in the answer to that form — and one endpoint's
 * page: its delivery log, "Send a test event" and "Disable".
 */
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface EndpointRow {
  id: string;
  url: string;
  created: string;
  disabled: string | null;
  queued: number;
  failed: number;
}

export function Webhooks(p: {
  businessId: string;
  endpoints: EndpointRow[];
  url?: string;
  urlError?: string;
  created?: { url: string; secret: string; id: string } | null;
  notice?: string | null;
}) {
  const base = `/manage/${p.businessId}/webhooks`;
  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p>
        Pawtal sends every notification (new request, canceled or rescheduled by the client, pet added, agreement signed) as signed JSON to your HTTPS
        endpoints, and tries again for at least 24 hours if they do not answer with 2xx.
      </p>
      <Notice text={p.notice} />
      {p.created ? (
        <div class="card secret" role="status">
          <h2>Endpoint added</h2>
          <p>
            Its signing secret is below. Copy it now: this is the only time it is shown. Check each event's <code>Pawtal-Signature</code> with it (see the
            README).
          </p>
          <p>
            <label for="new-secret">Signing secret for {p.created.url}</label>
            <input id="new-secret" type="text" readonly value={p.created.secret} class="mono" />
          </p>
          <p>
            <a href={`${base}/${p.created.id}`}>Open the endpoint to send a test event</a>
          </p>
        </div>
      ) : null}
      <form method="post" action={base} class="card" novalidate>
        <h2>Add an endpoint</h2>
        <Field
          id="url"
          name="url"
          label="Endpoint URL (https://…)"
          type="url"
          inputmode="text"
          autocomplete="url"
          value={p.url}
          error={p.urlError}
          maxlength={2000}
          required
          autofocus={Boolean(p.urlError)}
        />
        <button type="submit">Add endpoint</button>
      </form>
      {p.endpoints.length === 0 ? <p>No endpoints yet.</p> : null}
      <ul class="endpoints">
        {p.endpoints.map((e) => (
          <li class="card" id={`endpoint-${e.id}`}>
            <h2>
              <a href={`${base}/${e.id}`}>{e.url}</a> {e.disabled ? <span class="status s-canceled">Disabled</span> : null}
            </h2>
            <p class="muted small">
              Added {e.created}
              {e.disabled ? ` · disabled ${e.disabled}` : ''} · {e.queued} waiting · {e.failed} failed
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface DeliveryRow {
  id: string;
  event: string;
  status: 'queued' | 'delivered' | 'failed';
  created: string;
  attempts: number;
  outcome: string;
}

const STATUS_WORDS = { queued: 'Waiting', delivered: 'Delivered', failed: 'Failed' } as const;

export function EndpointPage(p: {
  businessId: string;
  endpoint: { id: string; url: string; created: string; disabled: string | null };
  deliveries: DeliveryRow[];
  notice?: string | null;
  limit: number;
}) {
  const base = `/manage/${p.businessId}/webhooks/${p.endpoint.id}`;
  return (
    <section aria-labelledby="endpoint-heading">
      <p>
        <a href={`/manage/${p.businessId}/webhooks`}>All webhooks</a>
      </p>
      <h1 id="endpoint-heading" class="wrap">
        {p.endpoint.url}
      </h1>
      <p class="muted small">
        Added {p.endpoint.created}
        {p.endpoint.disabled ? ` · disabled ${p.endpoint.disabled}` : ''}
      </p>
      <Notice text={p.notice} />
      {p.endpoint.disabled ? null : (
        <div class="actions">
          <form method="post" action={`${base}/test`}>
            <button type="submit">Send a test event</button>
          </form>
          <form method="post" action={`${base}/disable`}>
            <button type="submit" class="secondary">
              Disable this endpoint
            </button>
          </form>
        </div>
      )}
      <h2>Deliveries</h2>
      {p.deliveries.length === 0 ? <p>Nothing sent yet.</p> : null}
      {p.deliveries.length >= p.limit ? <p class="muted">The {p.limit} most recent.</p> : null}
      <table class="audit deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">Tries</th>
            <th scope="col">Last answer</th>
          </tr>
        </thead>
        <tbody>
          {p.deliveries.map((d) => (
            <tr id={`delivery-${d.id}`}>
              <td>{d.event}</td>
              <td>{d.created}</td>
              <td>{STATUS_WORDS[d.status]}</td>
              <td>{d.attempts}</td>
              <td>{d.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
