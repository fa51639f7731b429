/**
 * How the build record writes a file's entry and its stories, and reads them back (pure): as
 * arrays of their values in a fixed order (see `PackedEntry`), one JSON line each; and the
 * archive pages' plans, so a build with one story changed can re-render the page holding it
 * without planning every feed again (see build/one-change.ts).
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { FeedPlan } from "../model/feed.js";
import type { Story } from "../model/story.js";
import { rememberStoryKey, storyKey } from "../plan/fingerprint.js";
import type { PagePlan } from "../plan/plan.js";
import type { Entry } from "./entry.js";
import type { Head } from "./record.js";

/**
 * An entry's line: its packed values (its file, size and time are the head's), then its story's
 * `storyKey` ("" without a story), then for raw text the history its date was chosen from (see
 * `Entry`), when there is one; then, for a file of several stories, the others (`Entry.more`),
 * each packed with its key.
 */
export type EntryLine = [...PackedEntry, key: string, committed?: number | null, firstSeen?: number | null, more?: [PackedStory, string][]];


/**
 * Entries and stories are saved as arrays of their values, in a fixed order, rather than as
 * objects: the field names were a third of the cache, and JSON arrays parse faster than objects.
 * A story's file is its entry's (or release's), and a diagnostic's file its entry's unless it
 * says otherwise (a sixth value).
 */
type PackedEntry = [hash: string, diagnostics: PackedDiagnostic[], story: PackedStory | null];
type PackedDiagnostic = [line: number, column: number, severity: Diagnostic["severity"], rule: string, message: string, file?: string];
export type PackedStory = unknown[];

/** A Story's fields as assembleStory makes them, in its order (the file aside), then the optional ones. */
const STORY_FIELDS = ["id", "title", "published", "byline", "credit", "copyright", "summary", "contentHtml", "bodyHash", "categories", "link", "status", "version"] as const;
const OPTIONAL_FIELDS = ["updated", "usageTerms", "dateline", "language", "embargo", "correction", "source", "images", "bodyOffset", "item"] as const;
const DATE_FIELDS = new Set<string>(["published", "updated", "embargo"]);

export function packStory(story: Story): PackedStory {
  const s = story as unknown as Record<string, unknown>;
  // A date as its time in ms: made again from a number ten times faster than from ISO text, which
  // for the 10,000 dates of a one-change build was ~15 ms in a fresh process (#20).
  const packed = [...STORY_FIELDS, ...OPTIONAL_FIELDS].map((f) => (s[f] instanceof Date ? (s[f] as Date).getTime() : s[f] ?? null));
  while (packed.length > STORY_FIELDS.length && packed.at(-1) === null) packed.pop();
  return packed;
}

/**
 * The story again, its properties added in assembleStory's order, so it has the same shape as a
 * story made fresh (its key does not depend on that order, see `storyKey`).
 */
export function unpackStory(packed: PackedStory, file: string): Story {
  const s: Record<string, unknown> = {};
  const value = (f: string, v: unknown) => (DATE_FIELDS.has(f) ? new Date(v as number) : v);
  STORY_FIELDS.forEach((f, i) => {
    if (i === 1) s.file = file;
    s[f] = packed[i] === null ? undefined : value(f, packed[i]);
  });
  OPTIONAL_FIELDS.forEach((f, i) => {
    const v = packed[STORY_FIELDS.length + i];
    if (v !== null && v !== undefined) s[f] = value(f, v);
  });
  return s as unknown as Story;
}

function packEntry(e: Entry): PackedEntry {
  const diagnostics = e.diagnostics.map((d): PackedDiagnostic =>
    d.file === e.file ? [d.line, d.column, d.severity, d.rule, d.message] : [d.line, d.column, d.severity, d.rule, d.message, d.file]);
  return [e.hash, diagnostics, e.story ? packStory(e.story) : null];
}

/** An entry from its file as the head records it and its line; its story's key is remembered, so it is not computed again. */
export function unpackEntry([file, size, mtimeMs]: Head["files"][number], [hash, diagnostics, story, key, committed, firstSeen, more]: EntryLine): Entry {
  const entry: Entry = {
    file, size, mtimeMs, hash,
    diagnostics: diagnostics.map(([line, column, severity, rule, message, other]) => ({ file: other ?? file, line, column, severity, rule, message })),
  };
  if (typeof committed === "number") entry.committed = committed;
  if (typeof firstSeen === "number") entry.firstSeen = firstSeen;
  if (story) {
    entry.story = unpackStory(story, file);
    if (key) rememberStoryKey(entry.story, key);
  }
  if (more) {
    entry.more = more.map(([packed, moreKey]) => {
      const s = unpackStory(packed, file);
      rememberStoryKey(s, moreKey);
      return s;
    });
  }
  return entry;
}


/** An entry's line (see `EntryLine`). */
export function entryLine(e: Entry): EntryLine {
  const line: EntryLine = [...packEntry(e), e.story ? storyKey(e.story) : ""];
  if (e.committed !== undefined || e.firstSeen !== undefined || e.more) line.push(e.committed ?? null, e.firstSeen ?? null);
  if (e.more) line.push(e.more.map((m): [PackedStory, string] => [packStory(m), storyKey(m)]));
  return line;
}

/**
 * The archive pages' line: each page's plan as `fingerprint` saw it, its document's dates as
 * numbers and its items as references to their files' entries (`[file]`, or `[file, place]` for
 * a file of several stories); and the ids of the stories shown in a live feed (not only on
 * archive pages). Read only by a build with one story changed (see build/one-change.ts).
 */
export interface PagesLine {
  pages: PackedPage[];
  live: string[];
}

export type PackedPage = [prefix: string, doc: Record<string, unknown>, items: StoryRefOf[]];
type StoryRefOf = [file: string, place?: number];

/** The pages' line from the publication's page plans and live ids. */
export function pagesLine(pages: ReadonlyMap<string, PagePlan>, live: Iterable<string>, entry: (file: string) => Entry | undefined): PagesLine {
  const packed = [...pages.values()].map(({ plan }): PackedPage => {
    const { items, updated, deleted, ...doc } = plan.doc;
    const refs = items.map((s): StoryRefOf => {
      const more = entry(s.file)?.more?.indexOf(s) ?? -1;
      return more >= 0 ? [s.file, more + 1] : [s.file];
    });
    const dates = { updated: updated.getTime(), ...(deleted ? { deleted: deleted.map((t) => [t.id, t.when.getTime()]) } : {}) };
    return [plan.prefix, { ...doc, ...dates }, refs];
  });
  return { pages: packed, live: [...live] };
}

/**
 * A page's plan again, its items found by `story` (undefined: one could not be, and there is
 * no plan). Fields `pagesLine` dropped as undefined stay absent, as `fingerprint` ignores them.
 */
export function unpackPage([prefix, doc, refs]: PackedPage, story: (file: string, place: number) => Story | undefined): FeedPlan | undefined {
  const items: Story[] = [];
  for (const [file, place = 0] of refs) {
    const s = story(file, place);
    if (!s) return undefined;
    items.push(s);
  }
  const { updated, deleted, ...rest } = doc as { updated: number; deleted?: [string, number][] };
  const dates = { updated: new Date(updated), ...(deleted ? { deleted: deleted.map(([id, when]) => ({ id, when: new Date(when) })) } : {}) };
  return { prefix, kind: "archive", doc: { ...(rest as unknown as Omit<FeedPlan["doc"], "items" | "updated">), ...dates, items } };
}
