/**
 * The stories grouped by desk (pure: its one state is the last grouping, see `last`): each
 * category key's stories and kills, newest first, the spellings of its published stories, and
 * every kill of the main feed. A watcher groups ten thousand stories on every rebuild, for an
 * edit that replaces one (~2–4 ms at 10,000, #20); so the last grouping is kept, and patched
 * when it provably equals a grouping from scratch, else made from scratch.
 */
import { isKilled, isPublishable, replacedInPlace } from "../desk/eligibility.js";
import type { Story } from "../model/story.js";

/** A desk's stories as grouped: the spellings of its published stories, its stories, its kills. */
export interface Desk {
  names: Set<string>;
  stories: Story[];
  killed: Story[];
  /** Whether a story of it is published or killed (the desk exists). */
  visible: boolean;
  /** The spelling last added to `names`. */
  noted: string | undefined;
}

export interface Grouping {
  /** The desks by category key (see `deskKey`), in the order their first story came. */
  desks: Map<string, Desk>;
  /** Every killed story, newest first. */
  killed: Story[];
  /** Whether this grouping patched the last one (for tests). */
  patched: boolean;
}

/**
 * A category's desk key, its lowercase spelling, remembered per spelling: the catalogue's
 * category strings live across rebuilds, so a watcher's rebuild neither lowercases ten thousand
 * names again nor hashes ten thousand new strings into the desk map.
 */
const deskKeys = new Map<string, string>();
export function deskKey(name: string): string {
  let key = deskKeys.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (deskKeys.size < 100_000) deskKeys.set(name, key);
  }
  return key;
}

/**
 * The last grouping, of which stories, at which instant, and the first embargo after it: until
 * then no story's standing (published, killed, neither) changes but by a new story object.
 */
let last: { sorted: readonly Story[]; at: number; until: number; grouping: Grouping } | undefined;

/** More stories replaced than this: grouped again. */
const PATCH_MOST = 16;

/**
 * The stories grouped by desk at `now`. The arrays are shared with the next call's where nothing
 * changed them: read them, never change them.
 * @param sorted the stories, newest first (see `compareStories`).
 */
export function groupDesks(sorted: readonly Story[], now: Date): Grouping {
  const t = now.getTime();
  const patched = last && patch(last, sorted, t);
  if (patched) return patched;
  const grouping = groupAll(sorted, now);
  let until = Infinity;
  for (const s of sorted) {
    const e = s.embargo?.getTime();
    if (e !== undefined && e > t && e < until) until = e;
  }
  last = { sorted: [...sorted], at: t, until, grouping };
  return grouping;
}

/**
 * The last grouping with a few stories replaced in place, when that is what grouping them from
 * scratch gives: no embargo lifted since it was made (nothing else changed its standing), the
 * same number of stories, each replaced one by a new object of the same categories and standing
 * (so it takes the place of the one it replaces in every desk, and no name or desk comes or
 * goes). Undefined otherwise.
 */
function patch(before: NonNullable<typeof last>, sorted: readonly Story[], t: number): Grouping | undefined {
  if (t < before.at || t >= before.until) return undefined;
  const swapped = replacedInPlace(before.sorted, sorted, PATCH_MOST);
  if (!swapped) return undefined;
  const { gone, come } = swapped;
  const now = new Date(t);
  const olds = new Set(gone);
  let until = before.until;
  for (let k = 0; k < gone.length; k++) {
    const o = gone[k]!, n = come[k]!;
    if (olds.has(n) || !sameCategories(o, n) || isKilled(o, now) !== isKilled(n, now) || isPublishable(o, now) !== isPublishable(n, now)) return undefined;
    const e = n.embargo?.getTime();
    if (e !== undefined && e > t && e < until) until = e;
  }
  const { desks, killed } = before.grouping;
  const next: Grouping = { desks: new Map(desks), killed, patched: true };
  for (let k = 0; k < gone.length; k++) {
    const o = gone[k]!, n = come[k]!;
    const gones = isKilled(n, now);
    if (gones) next.killed = replaced(next.killed, o, n);
    for (const key of new Set(o.categories.map(deskKey))) {
      const desk = next.desks.get(key)!;
      next.desks.set(key, { ...desk, stories: replaced(desk.stories, o, n), killed: gones ? replaced(desk.killed, o, n) : desk.killed });
    }
  }
  last = { sorted: [...sorted], at: t, until, grouping: next };
  return next;
}

function sameCategories(a: Story, b: Story): boolean {
  return a.categories.length === b.categories.length && a.categories.every((c, i) => c === b.categories[i]);
}

/** A copy of `list` with every `o` in it replaced by `n`. */
function replaced(list: readonly Story[], o: Story, n: Story): Story[] {
  return list.map((s) => (s === o ? n : s));
}

/** The grouping from scratch, in one pass; a desk's name is its smallest spelling. */
function groupAll(sorted: readonly Story[], now: Date): Grouping {
  // Each spelling's desk is looked up once a call, and a spelling is noted once in a row (three
  // lookups per category of every story were ~1 ms at 10,000).
  const killed: Story[] = [];
  const desks = new Map<string, Desk>();
  const bySpelling = new Map<string, Desk>();
  for (const s of sorted) {
    const gone = isKilled(s, now);
    const visible = gone || isPublishable(s, now);
    if (gone) killed.push(s);
    for (const name of s.categories) {
      let desk = bySpelling.get(name);
      if (desk === undefined) {
        const key = deskKey(name);
        desk = desks.get(key);
        if (desk === undefined) desks.set(key, (desk = { names: new Set(), stories: [], killed: [], visible: false, noted: undefined }));
        bySpelling.set(name, desk);
      }
      desk.stories.push(s);
      if (gone) desk.killed.push(s);
      if (visible) {
        desk.visible = true;
        if (desk.noted !== name) desk.names.add((desk.noted = name));
      }
    }
  }
  return { desks, killed, patched: false };
}
