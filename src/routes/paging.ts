/**
 * The `?page=` of paginated lists (appointments, store credit, report cards): absent means
 * page 1; anything that is not a page number — or past any sensible page — is "not found",
 * like a page after the last (`pageCountFor`).
 */
import { HTTPException } from 'hono/http-exception';

const MAX_PAGE = 10_000;

export function pageNumber(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d{1,5}$/.test(raw)) throw new HTTPException(404);
  const n = Number(raw);
  if (n < 1 || n > MAX_PAGE) throw new HTTPException(404);
  return n;
}

/** How many pages `total` items make (at least one, for the empty state); 404 when `page` is past the last. */
export function pageCountFor(total: number, pageSize: number, page: number): number {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (page > pageCount) throw new HTTPException(404);
  return pageCount;
}
