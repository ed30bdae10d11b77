/**
 * The one way a real provider's sends are logged, for email (email/outbox.ts) and SMS
 * (sms/outbox.ts): each attempt is recorded as sent or failed, with what the channel's own
 * `record` keeps (codes and link paths masked there).
 */

/** What happened to one attempt. */
export interface SendOutcome {
  status: 'sent' | 'failed';
  providerMessageId?: string | null;
  /** The send error's message, at most 500 characters. */
  error?: string;
}

/** The part of a provider the log wraps: EmailProvider and SmsProvider both have it. */
export interface Sender<M> {
  readonly name: string;
  send(msg: M): Promise<{ providerMessageId: string | null }>;
}

/**
 * Wraps `provider` so each attempt is also recorded with `record`. The log is best effort: a
 * failing `record` is reported on the console ("<channel> delivery log failed") and never turns
 * a sent message into an error (the caller would retry and the person would get the message
 * twice). A send error is rethrown unchanged after it is logged; a TypeError (a malformed
 * message: nothing was attempted) is rethrown without a log.
 */
export function withSendLog<M>(provider: Sender<M>, channel: 'email' | 'sms', record: (msg: M, outcome: SendOutcome) => Promise<void>): Sender<M> {
  const log = async (msg: M, outcome: SendOutcome) => {
    try {
      await record(msg, outcome);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: `${channel} delivery log failed`, provider: provider.name, error: String(error) }));
    }
  };
  return {
    name: provider.name,
    async send(msg) {
      try {
        const result = await provider.send(msg);
        await log(msg, { status: 'sent', providerMessageId: result.providerMessageId });
        return result;
      } catch (error) {
        if (error instanceof TypeError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        await log(msg, { status: 'failed', error: message.slice(0, 500) });
        throw error;
      }
    },
  };
}
