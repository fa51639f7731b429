/**
 * The release bookkeeping of one publication (see desk/versions.ts): the version rule applied to
 * the stories, what the plans show (every item of every feed and archive page, the tombstones,
 * which of them are in a live feed), and the releases brought up to date from it. A watcher's
 * rebuild changes a story or two among ten thousand, and working all of it out again looked at
 * every story and every archive page's item on each rebuild (~10 ms at 10,000 stories, #20). So
 * what a publication found is kept (`ShownMemory`) and the next one starts from it, looking only
 * at what can have changed: the stories the catalogue replaced, added or dropped (found by
 * comparing its list with the last one, object by object), the archive pages planned again, the
 * live feeds, the tombstones, and the releases the last publication changed. Whenever it cannot
 * show that the rest is as it was, it works everything out again, as a build does.
 */
import { applyVersionRule, noneRefused, updateReleases, updateReleasesOf, type Release, type StoryBody } from "../desk/versions.js";
import type { FeedPlan } from "../model/feed.js";
import type { Story } from "../model/story.js";

/** What a publication's bookkeeping leaves for the next one (see `ReleaseBook`). */
export interface ShownMemory {
  /** How the publication that left it did its bookkeeping: from the memory before it, or from scratch. */
  from: "memory" | "scratch";
  /** Set once a publication starts from it: one that fails part way leaves nothing to trust. */
  spent: boolean;
  /** The releases map it describes, and its size, as that publication left them. */
  released: Map<string, Release>;
  size: number;
  /** The story source, and how many files had left it (`StorySource.removals`) when it started. */
  source: object;
  removals: number;
  /** The stories it was given, in their order, and the same by id (every id once). */
  stories: readonly Story[];
  byId: Map<string, Story>;
  /** The ids whose release it changed or forgot. */
  touched: string[];
  /** Its archive pages' plans by prefix; their items by id, and their tombstones' ids. */
  pages: Map<string, FeedPlan>;
  archive: Map<string, Story>;
  archiveDeleted: Set<string>;
  /** The ids of its live feeds' items and tombstones. */
  live: string[];
}

/** More stories changed than this since the last publication: everything is worked out again. */
const MOST_CHANGED = 64;

interface Patch {
  memory: ShownMemory;
  /** The stories new or replaced since, and the ids no longer among the stories. */
  come: Story[];
  gone: string[];
  /** Whether a file left the story source since (a release of its story may be forgotten). */
  forgetAll: boolean;
}

interface Source {
  get(file: string): unknown;
  readonly removals?: number;
}

export class ReleaseBook {
  /** The version rule's result (see `applyVersionRule`). */
  readonly rule: ReturnType<typeof applyVersionRule>;
  private patch: Patch | undefined;
  private readonly removals: number | undefined;
  private byId: Map<string, Story> | undefined;
  private view: { get(id: string): Story | undefined; ids?: Iterable<string>; all?: Map<string, Story>; live: Set<string> } | undefined;
  private parts: Omit<ShownMemory, "from" | "spent" | "released" | "size" | "source" | "removals" | "stories" | "byId" | "touched"> | undefined;

  /**
   * Applies the version rule to `stories` against `released`, starting from `memory` (the last
   * publication's, see `memory()`) where it holds: then only the stories changed since and those
   * whose release changed are checked. Any refusal, and any doubt, applies the rule to every story.
   */
  constructor(private readonly stories: readonly Story[], private readonly released: Map<string, Release>, private readonly source: Source, memory?: ShownMemory) {
    this.removals = source.removals;
    const patch = memory && !memory.spent ? patchOf(memory, stories, released, source) : undefined;
    if (memory) memory.spent = true;
    if (patch) {
      const byId = patch.memory.byId;
      const check = [...patch.come, ...patch.memory.touched.map((id) => byId.get(id)).filter((s) => s !== undefined)];
      if (noneRefused(check, released)) {
        this.patch = patch;
        this.byId = byId;
        this.rule = { stories: [...stories], kept: new Map(), diagnostics: [] };
        return;
      }
    }
    this.rule = applyVersionRule(stories, released);
  }

  /** The stories of the rule's result by id, made once (a tombstone's story, and `present`). */
  private ids(): Map<string, Story> {
    return (this.byId ??= new Map(this.rule.stories.map((s) => [s.id, s])));
  }

  /**
   * Notes what `plans` show: returns how many stories are an item somewhere (archive pages
   * included) and the ids of those in a live feed.
   */
  show(plans: readonly FeedPlan[]): { published: number; live: ReadonlySet<string> } {
    const liveItems = new Map<string, Story>();
    const liveDeleted = new Set<string>();
    const pages = new Map<string, FeedPlan>();
    for (const p of plans) {
      if (p.kind === "archive") {
        pages.set(p.prefix, p);
        continue;
      }
      for (const s of p.doc.items) liveItems.set(s.id, s);
      for (const t of p.doc.deleted ?? []) liveDeleted.add(t.id);
    }
    const live = new Set(liveItems.keys());
    if (!this.patch) return this.showAll(plans, pages, live, liveDeleted);
    // Since the last publication: the pages planned again, or gone, lose their items; then the
    // pages planned again, or new, put theirs. A story is on one page at most, so what the
    // unchanged pages hold is as it was.
    const m = this.patch.memory;
    const { archive, archiveDeleted } = m;
    const ids: string[] = [...m.live, ...live, ...liveDeleted, ...this.patch.gone];
    for (const [prefix, p] of m.pages) {
      if (pages.get(prefix) === p) continue;
      for (const s of p.doc.items) archive.delete(s.id), ids.push(s.id);
      for (const t of p.doc.deleted ?? []) archiveDeleted.delete(t.id), ids.push(t.id);
    }
    for (const [prefix, p] of pages) {
      if (m.pages.get(prefix) === p) continue;
      for (const s of p.doc.items) archive.set(s.id, s), ids.push(s.id);
      for (const t of p.doc.deleted ?? []) archiveDeleted.add(t.id), ids.push(t.id);
    }
    const byId = this.ids();
    const get = (id: string) => (liveDeleted.has(id) || archiveDeleted.has(id) ? byId.get(id) : liveItems.get(id) ?? archive.get(id));
    // A file gone: any release not shown may be of its story.
    this.view = { get, live, ids: this.patch.forgetAll ? [...this.released.keys(), ...ids] : ids };
    this.parts = { pages, archive, archiveDeleted, live: [...live, ...liveDeleted] };
    let published = archive.size;
    for (const id of liveItems.keys()) if (!archive.has(id)) published++;
    return { published, live };
  }

  /** `show` from every plan's items (a build, and whenever the memory cannot be used). */
  private showAll(plans: readonly FeedPlan[], pages: Map<string, FeedPlan>, live: Set<string>, liveDeleted: Set<string>): { published: number; live: ReadonlySet<string> } {
    const shown = new Map<string, Story>();
    const tombstones = new Set<string>();
    const archive = new Map<string, Story>();
    const archiveDeleted = new Set<string>();
    for (const p of plans) {
      for (const s of p.doc.items) {
        shown.set(s.id, s);
        if (p.kind === "archive") archive.set(s.id, s);
      }
      for (const t of p.doc.deleted ?? []) {
        tombstones.add(t.id);
        if (p.kind === "archive") archiveDeleted.add(t.id);
      }
    }
    const published = shown.size;
    const byId = this.ids();
    for (const id of tombstones) shown.set(id, byId.get(id)!);
    this.view = { get: (id) => shown.get(id), all: shown, live };
    this.parts = { pages, archive, archiveDeleted, live: [...live, ...liveDeleted] };
    return { published, live };
  }

  /**
   * Brings the releases up to date (see `updateReleases`) once every file is written, with the
   * bodies rendered this time; then the memory for the next publication is ready.
   */
  update(bodies: ReadonlyMap<string, StoryBody>): void {
    const view = this.view!;
    const byId = this.ids();
    const present = (r: Release) => byId.has(r.story.id) || this.source.get(r.story.file) !== undefined;
    this.touched = view.all
      ? updateReleases(this.released, view.all, view.live, bodies, present)
      : updateReleasesOf(view.ids!, this.released, view, view.live, bodies, present);
  }

  private touched: string[] | undefined;

  /**
   * What the next publication of the same releases and story source may start from; none while
   * an edit is refused (the rule's stories are not the catalogue's), when two stories share an
   * id, or when the source does not count the files that leave it.
   */
  memory(): ShownMemory | undefined {
    const byId = this.ids();
    if (!this.touched || !this.parts || this.removals === undefined || this.rule.kept.size > 0 || byId.size !== this.stories.length) return undefined;
    return {
      from: this.patch ? "memory" : "scratch", spent: false, released: this.released, size: this.released.size, source: this.source, removals: this.removals,
      stories: [...this.stories], byId, touched: this.touched, ...this.parts,
    };
  }
}

/**
 * The memory brought to `stories`, when it describes these releases and this source as they are
 * now and few enough stories changed; its `byId` is patched in place (the memory is spent).
 */
function patchOf(memory: ShownMemory, stories: readonly Story[], released: Map<string, Release>, source: Source): Patch | undefined {
  if (memory.released !== released || released.size !== memory.size || memory.source !== source || source.removals === undefined) return undefined;
  const changed = changedSince(memory.stories, stories);
  if (!changed) return undefined;
  const { byId } = memory;
  for (const s of changed.gone) {
    if (byId.get(s.id) !== s) return undefined;
    byId.delete(s.id);
  }
  for (const s of changed.come) {
    if (byId.has(s.id)) return undefined;
    byId.set(s.id, s);
  }
  return { memory, come: changed.come, gone: changed.gone.map((s) => s.id).filter((id) => !byId.has(id)), forgetAll: source.removals !== memory.removals };
}

/**
 * What changed from `before` to `after` (pure): the stories of `before` not matched in `after`
 * and those of `after` not matched in `before`, walking both in order, object by object (a
 * catalogue lists its stories in path order, and a changed file is a new object). Any walk that
 * matches only the same objects gives `before` = matched + gone and `after` = matched + come;
 * this one looks one place ahead for an addition or a removal. Undefined past `MOST_CHANGED`.
 */
export function changedSince(before: readonly Story[], after: readonly Story[]): { gone: Story[]; come: Story[] } | undefined {
  const gone: Story[] = [], come: Story[] = [];
  let i = 0, j = 0;
  while (i < before.length && j < after.length) {
    const a = before[i]!, b = after[j]!;
    if (a === b) {
      i++, j++;
      continue;
    }
    if (a === after[j + 1]) come.push(b), j++;
    else if (before[i + 1] === b) gone.push(a), i++;
    else gone.push(a), come.push(b), i++, j++;
    if (gone.length + come.length > MOST_CHANGED) return undefined;
  }
  while (i < before.length) gone.push(before[i++]!);
  while (j < after.length) come.push(after[j++]!);
  return gone.length + come.length > MOST_CHANGED ? undefined : { gone, come };
}
