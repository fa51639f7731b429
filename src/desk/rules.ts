/**
 * The wire desk's rules that are not selection (pure): versions only go up, the same story filed
 * under two ids is flagged, corrections travel with the content, kills leave tombstones.
 * Embargo and hold are `isPublishable` (archive.ts); desk feeds and archives are desk.ts.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { Tombstone } from "../model/feed.js";
import type { Story } from "../model/story.js";

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
    if (!last || s.version >= last.version) return s;
    kept.set(s.id, last);
    diagnostics.push({
      file: s.file, line: 1, column: 1, severity: "error", rule: "version-lowered",
      message: `version ${s.version} is lower than version ${last.version}, already published; ` +
        `the feeds keep version ${last.version} until this story's version is ${last.version} or more`,
    });
    return last.story;
  });
  return { stories: out, kept, diagnostics };
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
 */
export function updateReleases(
  released: Map<string, Release>, shown: ReadonlyMap<string, Story>, live: ReadonlySet<string>,
  bodies: ReadonlyMap<string, StoryBody>, present: (release: Release) => boolean,
): void {
  // Forgotten first, so the loop below looks only at the releases from before.
  for (const [id, release] of released) if (!shown.has(id) && !present(release)) released.delete(id);
  for (const [id, story] of shown) {
    const before = released.get(id);
    const carried = before?.body && before.version === story.version && before.story.bodyHash === story.bodyHash ? before.body : undefined;
    const body = live.has(id) ? bodies.get(id) ?? carried : undefined;
    if (before && before.story === story && before.version === story.version && before.body === body) continue;
    released.set(id, body ? { version: story.version, story, body } : { version: story.version, story });
  }
}

/** The error on a later file reusing an id (the first file by path keeps an id: see `Catalog.resolve`). */
export function duplicateIdError(file: string, id: string, firstFile: string): Diagnostic {
  return {
    file, line: 1, column: 1, severity: "error", rule: "duplicate-id",
    message: `id "${id}" is already used by ${firstFile}; the first file by path is kept and this one is left out`,
  };
}

/**
 * Two different ids with the same headline and body (pure): a warning (`duplicate-story`) on each
 * later file by path, naming the first. The same story filed twice would reach partners twice.
 */
export function duplicateStories(stories: readonly Story[]): Diagnostic[] {
  // Keyed by the body's hash alone, a string every rebuild reuses (so V8 hashes it once), then
  // told apart by headline: a key made by joining the two was a new string per story per rebuild.
  const first = new Map<string, Story[]>();
  const diagnostics: Diagnostic[] = [];
  for (const s of byFile(stories)) {
    if (s.bodyHash === undefined) continue;
    const sameBody = first.get(s.bodyHash);
    const seen = sameBody?.find((f) => f.title === s.title);
    if (!seen) {
      if (sameBody) sameBody.push(s);
      else first.set(s.bodyHash, [s]);
      continue;
    }
    if (seen.id === s.id) continue;
    diagnostics.push({
      file: s.file, line: 1, column: 1, severity: "warning", rule: "duplicate-story",
      message: `same headline and body as ${seen.file} (id "${seen.id}"): the story is filed twice under two ids`,
    });
  }
  return diagnostics;
}

/**
 * Files (or stories) in path order (pure). The input usually is in that order already (the
 * catalog lists files so, and `resolveDuplicates` keeps it): then it is returned as is, after
 * one look, rather than sorted again on every rebuild.
 */
export function byFile<T extends { file: string }>(items: readonly T[]): readonly T[] {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1]!.file > items[i]!.file) return [...items].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  return items;
}

/**
 * The correction block appended to a story's content in every format: a heading, then the note,
 * escaped. Empty without a correction.
 * @example correctionHtml("An earlier version misspelled the minister's name.")
 */
export function correctionHtml(note: string | undefined): string {
  if (note === undefined) return "";
  const text = note.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `\n<h2>Correction</h2>\n<p>${text}</p>`;
}

/** The story as feeds show it: the correction (if any) appended to its content. */
export function withCorrection(story: Story): Story {
  return story.correction === undefined ? story : { ...story, contentHtml: story.contentHtml + correctionHtml(story.correction) };
}

/** The body as it was before `withCorrection` (to recover a published body from a feed file). */
export function withoutCorrection(contentHtml: string, note: string | undefined): string {
  const block = correctionHtml(note);
  return block && contentHtml.endsWith(block) ? contentHtml.slice(0, -block.length) : contentHtml;
}

/** Whether a story's embargo (if any) has lifted at `now`: from then on it has its place in the archive. */
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
