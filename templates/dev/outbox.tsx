/** /dev/outbox: every SMS and email the development providers "sent", newest first (development only). */
export interface OutboxRow {
  toE164: string;
  body: string;
  createdAt: Date;
}

export interface EmailRow {
  toAddress: string;
  subject: string;
  bodyText: string;
  createdAt: Date;
}

export function Outbox({ messages, emails }: { messages: OutboxRow[]; emails: EmailRow[] }) {
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading">Outbox</h1>
      <p class="muted">Development only: messages stored instead of sent.</p>
      <h2>Text messages</h2>
      {messages.length === 0 ? (
        <p class="empty">No text messages yet.</p>
      ) : (
        <ol class="outbox" id="sms">
          {messages.map((m) => (
            <li>
              <p>
                <strong>To {m.toE164}</strong> <span class="muted">{m.createdAt.toISOString()}</span>
              </p>
              <pre>{m.body}</pre>
            </li>
          ))}
        </ol>
      )}
      <h2>Emails</h2>
      {emails.length === 0 ? (
        <p class="empty">No emails yet.</p>
      ) : (
        <ol class="outbox" id="emails">
          {emails.map((m) => (
            <li>
              <p>
                <strong>To {m.toAddress}</strong> <span class="muted">{m.createdAt.toISOString()}</span>
              </p>
              <p>{m.subject}</p>
              <pre>{m.bodyText}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
