/**
 * Cursor paging. Every list answers `{ items, next }`; `next` is the cursor to pass as `after`
 * for the following page, or null on the last one. A page may hold fewer items than `limit`
 * when the server filtered out what the caller may not see: keep going while `next` is set.
 */
import { z } from '@hono/zod-openapi';
import type { Page } from '../../store/store.js';

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ description: 'Most items in the page (1-500, default 100).' }),
  after: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'The `next` cursor of the previous page.' }),
};

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      next: z
        .string()
        .nullable()
        .openapi({ description: 'Pass as `after` for the next page; null on the last.' }),
    })
    .openapi(name);

export interface Listed<T> {
  readonly items: T[];
  readonly next?: string;
}

/** Rounds of store pages scanned to fill one filtered page before answering with what there is. */
const maxRounds = 5;

/** Pages a store listing while dropping what `keep` refuses. */
export async function filteredPage<T>(
  fetch: (after: string | undefined, limit: number) => Promise<Page<T>>,
  keep: (item: T) => Promise<boolean> | boolean,
  cursor: (item: T) => string,
  limit: number,
  after?: string,
): Promise<Listed<T>> {
  const items: T[] = [];
  let from = after;
  for (let round = 0; round < maxRounds; round++) {
    const page = await fetch(from, limit);
    for (const [index, item] of page.items.entries()) {
      if (!(await keep(item))) continue;
      items.push(item);
      if (items.length === limit) {
        const more = index < page.items.length - 1 || page.next !== undefined;
        return { items, ...(more && { next: cursor(item) }) };
      }
    }
    if (page.next === undefined) return { items };
    from = page.next;
  }
  return { items, ...(from !== undefined && { next: from }) };
}

/**
 * The union of several listings sorted by the same key (tasks by assignee, by candidate user,
 * by each candidate group), paged as one. An item past the last item of a listing that has
 * more is not known to be in order yet, so the page stops there.
 */
export async function mergedPage<T>(
  streams: readonly ((after: string | undefined, limit: number) => Promise<Page<T>>)[],
  keep: (item: T) => Promise<boolean> | boolean,
  cursor: (item: T) => string,
  limit: number,
  after?: string,
): Promise<Listed<T>> {
  const pages = await Promise.all(streams.map((stream) => stream(after, limit)));
  let boundary: string | undefined;
  for (const page of pages) {
    const last = page.items.at(-1);
    if (page.next !== undefined && last !== undefined) {
      const key = cursor(last);
      if (boundary === undefined || key < boundary) boundary = key;
    }
  }
  const union = new Map<string, T>();
  for (const page of pages) for (const item of page.items) union.set(cursor(item), item);
  const ordered = [...union.entries()]
    .filter(([key]) => boundary === undefined || key <= boundary)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const items: T[] = [];
  for (const [, item] of ordered) {
    if (!(await keep(item))) continue;
    if (items.length === limit) return { items, next: cursor(items.at(-1)!) };
    items.push(item);
  }
  return { items, ...(boundary !== undefined && { next: boundary }) };
}

export const listJson = <T, V>(
  listed: Listed<T>,
  view: (item: T) => V,
): { items: V[]; next: string | null } => ({
  items: listed.items.map(view),
  next: listed.next ?? null,
});
