/**
 * The version rule (pure): versions only go up. What was last published of each story is kept as
 * its release; an edit that lowers the version is refused and the release stays in the feeds.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { Tombstone } from "../model/feed.js";
import type { Story } from "../model/story.js";
import { itemPosition } from "./duplicates.js";

/**
 * A story as it was last published (as a feed item or a tombstone): what the version rule
 * compares an edit with, and what stays in the feeds when the edit is refused.
 */
export interface Release {
  version: number;
  /** The story as published, without its rendered body (as the catalog holds stories). */
  story: Story;
  /**
   * Its rendered body and summary, kept while it is in a live feed (main, config or desk feed)
   * so a refused edit can be answered with the published text; not kept for stories on archive
   * pages only, so memory and the cache do not grow with the archive.
   */
  body?: StoryBody;
}

/** What hydration adds to a catalogued story. */
export interface StoryBody {
  contentHtml: string;
  summary: string;
}

/**
 * The version rule (pure): an edit whose `version` is lower than the version last published is
 * an error (`version-lowered`), and the published version stays: the story is replaced by the
 * release's. Equal or higher versions pass.
 * @param stories the resolved stories (duplicate ids already settled).
 * @param released the last release of each story id (see `updateReleases`); empty on a first build.
 * @returns the stories to publish, the releases kept in place of refused edits (by id), and one
 *   error per refused edit.
 * @example applyVersionRule([{ ...story, version: 1 }], new Map([[story.id, { version: 2, story }]]))
 */
export function applyVersionRule(stories: readonly Story[], released: ReadonlyMap<string, Release>): { stories: Story[]; kept: Map<string, Release>; diagnostics: Diagnostic[] } {
  const kept = new Map<string, Release>();
  const diagnostics: Diagnostic[] = [];
  const out = stories.map((s) => {
    const last = released.get(s.id);
    if (!last || !refuses(last, s)) return s;
    kept.set(s.id, last);
    diagnostics.push({
      file: s.file, ...itemPosition(s.item), severity: "error", rule: "version-lowered",
      message: `version ${s.version} is lower than version ${last.version}, already published; ` +
        `the feeds keep version ${last.version} until this story's version is ${last.version} or more`,
    });
    return last.story;
  });
  return { stories: out, kept, diagnostics };
}

/** Whether the version rule refuses `story` against its last release: a lower version. */
function refuses(last: Release | undefined, story: Story): boolean {
  return last !== undefined && story.version < last.version;
}

/**
 * Whether the version rule refuses none of `stories` (pure): `applyVersionRule` would give them
 * back as they are. A publication that knows every other story passed it against releases that
 * have not changed since (see publish/shown.ts) checks only these, not ten thousand.
 */
export function noneRefused(stories: Iterable<Story>, released: ReadonlyMap<string, Release>): boolean {
  for (const s of stories) if (refuses(released.get(s.id), s)) return false;
  return true;
}

/** The stories shown under each id, as `updateReleasesOf` asks for them. */
export interface ShownStories {
  get(id: string): Story | undefined;
}

/**
 * Brings the releases up to date after publishing, in place: every story now in an output (as an
 * item or a tombstone) at its published version, with its body while it is in a live feed; and,
 * for a story still in the stories folder but out of every output (held, say), its earlier
 * release, so a held story cannot come back at a lower version either. A story whose file is
 * gone is forgotten. In place because a rebuild changes a release or two among ten thousand:
 * copying the map cost ~5 ms a rebuild at 10,000 stories (a Map is copied entry by entry).
 * @param released the releases before this publication; afterwards, those after it.
 * @param shown the stories in any output (items and tombstones), by id.
 * @param live the ids of the stories in a live feed (not only on archive pages): they keep a body.
 * @param bodies the bodies rendered this time, by id; a live story not rendered this time keeps
 *   its previous body when its version and body hash are unchanged.
 * @param present whether a release's story is still in the stories folder (its id or its file).
 * @returns the ids whose release was changed or forgotten.
 */
export function updateReleases(
  released: Map<string, Release>, shown: ReadonlyMap<string, Story>, live: ReadonlySet<string>,
  bodies: ReadonlyMap<string, StoryBody>, present: (release: Release) => boolean,
): string[] {
  const touched: string[] = [];
  // Forgotten first, so the loop below looks only at the releases from before.
  for (const [id, last] of released) if (!shown.has(id) && forget(released, id, last, present)) touched.push(id);
  for (const [id, story] of shown) if (release(released, id, story, live, bodies)) touched.push(id);
  return touched;
}

/**
 * `updateReleases` for the given ids alone, with the same rule for each: what it does when every
 * other id's release is known to stay as it is (see publish/shown.ts, which proves it or does
 * not call this). Each id is forgotten or released on its own, so the order does not matter.
 * @returns the ids whose release was changed or forgotten.
 */
export function updateReleasesOf(
  ids: Iterable<string>, released: Map<string, Release>, shown: ShownStories, live: ReadonlySet<string>,
  bodies: ReadonlyMap<string, StoryBody>, present: (release: Release) => boolean,
): string[] {
  const touched: string[] = [];
  for (const id of new Set(ids)) {
    const story = shown.get(id);
    const last = story === undefined ? released.get(id) : undefined;
    if (story !== undefined ? release(released, id, story, live, bodies) : last !== undefined && forget(released, id, last, present)) touched.push(id);
  }
  return touched;
}

/** Forgets a release not shown whose story is gone from the stories folder; whether it did. */
function forget(released: Map<string, Release>, id: string, last: Release, present: (release: Release) => boolean): boolean {
  return !present(last) && released.delete(id);
}

/** Sets the release of a shown story, unless it already says the same; whether it changed. */
function release(released: Map<string, Release>, id: string, story: Story, live: ReadonlySet<string>, bodies: ReadonlyMap<string, StoryBody>): boolean {
  const before = released.get(id);
  const carried = before?.body && before.version === story.version && before.story.bodyHash === story.bodyHash ? before.body : undefined;
  const body = live.has(id) ? bodies.get(id) ?? carried : undefined;
  if (before && before.story === story && before.version === story.version && before.body === body) return false;
  released.set(id, body ? { version: story.version, story, body } : { version: story.version, story });
  return true;
}
