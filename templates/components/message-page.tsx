/**
 * The one error / notice renderer: a heading, a sentence of what happened and what to do, and
 * optional links. Used for 404, 403, 500 and "not available yet".
 */
import type { Child } from 'hono/jsx';
import { t } from '../../src/i18n';

export interface MessageProps {
  heading: string;
  children: Child;
  requestId?: string;
}

export function Message({ heading, children, requestId }: MessageProps) {
  return (
    <section class="message" aria-labelledby="message-heading">
      <h1 id="message-heading">{heading}</h1>
      {children}
      {requestId ? <p class="muted small">{t('layout.reference', { id: requestId })}</p> : null}
    </section>
  );
}
