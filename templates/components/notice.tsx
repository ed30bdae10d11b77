/**
 * The one status line ("We sent a new code.", "You are signed out."): read out by screen
 * readers without moving focus. Renders nothing when there is no text.
 */
export function Notice({ text }: { text?: string | null | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}
