import type { Tombstone } from "../model/feed.js";
import type { Story } from "../model/story.js";

/**
 * Whether a story may appear in any output at `now`: usable (not withheld or canceled) and
 * past its embargo.
 */
export function isPublishable(story: Story, now: Date): boolean {
  return story.status === "usable" && isReleased(story, now);
}

/** Newest first: published descending, then id ascending, so equal times still order stably. */
export function compareStories(a: Story, b: Story): number {
  return b.published.getTime() - a.published.getTime() || compareIds(a.id, b.id);
}

/** Ids in code-unit order: the tie-break of {@link compareStories} and {@link sortStories}. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Stories newest first, as {@link compareStories} orders them (pure: its one state is the last
 * order, see `last`). The times are read once into an array and the comparisons done on it:
 * sorting ten thousand stories on every watch rebuild was a measurable share of it.
 */
export function sortStories(stories: Iterable<Story>): Story[] {
  const all = [...stories];
  const sorted = (last && patchSorted(last, all)) ?? sortAll(all);
  last = { input: all, sorted };
  return [...sorted];
}

/**
 * The last sort's input and result. A watcher sorts the catalogue's stories on every rebuild, in
 * path order, and an edit replaces one or two of ten thousand: the new order is the last one with
 * those moved (see `patchSorted`), not a sort of ten thousand again. Stories are not changed once
 * made, so the last order of an unchanged story still holds.
 */
let last: { input: readonly Story[]; sorted: readonly Story[] } | undefined;

/** More stories replaced than this: sorted again. */
const PATCH_MOST = 64;

/**
 * The stories of `before` that `after` replaced in place (`gone`) and what took their places
 * (`come`), compared object by object: undefined when the lengths differ or more than `most`
 * were replaced. How the incremental passes (the sort here, the desks' grouping) see a rebuild's
 * few changed stories among the rest.
 */
export function replacedInPlace(before: readonly Story[], after: readonly Story[], most: number): { gone: Story[]; come: Story[] } | undefined {
  if (before.length !== after.length) return undefined;
  const gone: Story[] = [], come: Story[] = [];
  for (let i = 0; i < after.length; i++) {
    if (after[i] === before[i]) continue;
    if (gone.length === most) return undefined;
    gone.push(before[i]!);
    come.push(after[i]!);
  }
  return { gone, come };
}

/**
 * `all` sorted from the last sort when it is the last input with a few stories replaced in place
 * (same length, the others at the same places): the replaced ones taken out of the last order and
 * the new ones put in, each where a binary search puts it. Undefined when that could differ from
 * a sort (more replaced, a length change, or two stories that compare equal, whose order is the
 * input's).
 */
function patchSorted(before: NonNullable<typeof last>, all: readonly Story[]): Story[] | undefined {
  const replaced = replacedInPlace(before.input, all, PATCH_MOST);
  if (!replaced) return undefined;
  const { gone, come } = replaced;
  const sorted = [...before.sorted];
  for (const s of gone) {
    const at = placeOf(sorted, s);
    if (sorted[at] !== s) return undefined;
    sorted.splice(at, 1);
  }
  for (const s of come) {
    const at = placeOf(sorted, s);
    if (at < sorted.length && compareStories(sorted[at]!, s) === 0) return undefined;
    sorted.splice(at, 0, s);
  }
  return sorted;
}

/** The first place in `sorted` whose story does not come before `s` (binary search). */
function placeOf(sorted: readonly Story[], s: Story): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStories(sorted[mid]!, s) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortAll(all: readonly Story[]): Story[] {
  const times = all.map((s) => s.published.getTime());
  const order = all.map((_, i) => i);
  order.sort((i, j) => times[j]! - times[i]! || compareIds(all[i]!.id, all[j]!.id));
  return order.map((i) => all[i]!);
}

/**
 * The items of a feed at `now` (pure): publishable stories, newest first, at most `limit`.
 * @param sorted the stories are already newest first (see {@link sortStories}): the first
 *   `limit` publishable ones are taken without looking further.
 * @example select(stories, new Date("2026-11-24T00:00:00Z"), 50)
 */
export function select(stories: Iterable<Story>, now: Date, limit: number, sorted = false): Story[] {
  const out: Story[] = [];
  for (const s of stories) {
    if (!isPublishable(s, now)) continue;
    out.push(s);
    if (sorted && out.length === limit) return out;
  }
  return sorted ? out : out.sort(compareStories).slice(0, limit);
}

/** The feed's own updated time: the newest `updated ?? published` among its items; the epoch when empty. */
export function feedUpdated(items: readonly Story[]): Date {
  let newest = 0;
  for (const s of items) newest = Math.max(newest, (s.updated ?? s.published).getTime());
  return new Date(newest);
}

/**
 * The earliest embargo still in the future at `now`, so callers can say (or wake) when it lifts.
 * Every status counts: a usable story appears then, and a held or killed one takes its place in
 * the archive (a killed one with its tombstone), so the outputs change at that instant too.
 */
export function nextEmbargo(stories: Iterable<Story>, now: Date): Date | undefined {
  let next: number | undefined;
  for (const s of stories) {
    const t = s.embargo?.getTime();
    if (t !== undefined && t > now.getTime() && (next === undefined || t < next)) next = t;
  }
  return next === undefined ? undefined : new Date(next);
}

/** Whether a story's embargo, if any, has lifted at `now`: it may take its place in the archive. */
export function isReleased(story: Story, now: Date): boolean {
  return !story.embargo || story.embargo.getTime() <= now.getTime();
}

/** Whether a story is killed and past its embargo: it leaves a tombstone. */
export function isKilled(story: Story, now: Date): boolean {
  return story.status === "canceled" && isReleased(story, now);
}

/** A killed story's tombstone: `when` is its `updated` time, else its `published` time (never the clock). */
export function tombstone(story: Story): Tombstone {
  return { id: story.id, when: story.updated ?? story.published };
}
