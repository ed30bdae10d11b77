/** /dev/outbox: every SMS the development provider "sent", newest first (development only). */
export interface OutboxRow {
  toE164: string;
  body: string;
  createdAt: Date;
}

export function Outbox({ messages }: { messages: OutboxRow[] }) {
  return (
    <section aria-labelledby="outbox-heading">
      <h1 id="outbox-heading">SMS outbox</h1>
      <p class="muted">Development only: messages stored instead of sent.</p>
      {messages.length === 0 ? (
        <p class="empty">No messages yet.</p>
      ) : (
        <ol class="outbox">
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
    </section>
  );
}
