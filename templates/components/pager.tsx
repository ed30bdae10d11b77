/**
 * "← Newer · Page 2 of 5 · Older →" under a paginated list (appointments, store credit, a pet's
 * report cards): plain links that work without JS; nothing when there is one page. An empty
 * <span> keeps the page count centred when one side has no link.
 */
import { t } from '../../src/i18n';

export interface PagerProps {
  page: number;
  pageCount: number;
  pageHref: (n: number) => string;
  /** The links' words, without the arrows. */
  prevLabel?: string;
  nextLabel?: string;
  /** The links' attributes beyond `rel` (default: just the href) — e.g. an htmx swap. */
  linkAttrs?: (href: string) => Record<string, string>;
  /** Ids of the two links, for lists whose tests or scripts find them. */
  ids?: { prev: string; next: string };
}

export function Pager({
  page,
  pageCount,
  pageHref,
  prevLabel = t('layout.pager.newer'),
  nextLabel = t('layout.pager.older'),
  linkAttrs = (href) => ({ href }),
  ids,
}: PagerProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pager" aria-label={t('layout.pager.pages')}>
      {page > 1 ? (
        <a id={ids?.prev} rel="prev" {...linkAttrs(pageHref(page - 1))}>
          ← {prevLabel}
        </a>
      ) : (
        <span />
      )}
      <span>{t('layout.pager.page', { page, count: pageCount })}</span>
      {page < pageCount ? (
        <a id={ids?.next} rel="next" {...linkAttrs(pageHref(page + 1))}>
          {nextLabel} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
