/**
 * A build with one archived story edited, in a fresh process (#20): when the build record proves
 * that the edit changes nothing but that story's text on the one archive page holding it, only
 * that page is rendered and the record rewritten, without reading, resolving or planning the
 * other stories. Whatever it cannot prove, it leaves to the full build (it returns undefined
 * having written nothing), which the caller then runs: the outputs and the record are what the
 * full build would have made, byte for byte (tests/build/one-change.test.ts holds them to it).
 *
 * What it proves, from the record and the files: the record is whole and of this key and format;
 * `now` is inside the record's embargo window; the listing is the recorded one, and every story
 * file but one is as recorded (`standing`: by its size and time, or by its bytes when its time
 * alone moved, as after a fresh checkout), as are every output file and the owned folders' names;
 * with raw text, the git index its dates came from and the first-seen times are the recorded
 * ones, and a raw file whose time moved is not dated by it; the one changed file holds one Markdown
 * or agency story (not raw text, whose date can hang on its file) with the same diagnostics and
 * the same values but for its text (title, summary, body); neither its old nor its new id or
 * body is any other story's (the duplicate rules); no release anywhere is a refused edit's; the
 * story is in no live feed, and on one archive page, whose plan as recorded gives its recorded
 * fingerprint. The page's plan is then the same with the new story in the old one's place.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { listStories, timedByFile, type Listing, type StoryFile } from "../ingest/read.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { FeedPlan } from "../model/feed.js";
import type { Story } from "../model/story.js";
import { fingerprint } from "../plan/fingerprint.js";
import { renderPage } from "../publish/archive-pages.js";
import { markWriting } from "../publish/write.js";
import { lineAt, readRecord, writeRecord, type RecordBytes, type ReleaseLine } from "../state/cache.js";
import { loadEntrySync, type Entry } from "../state/entry.js";
import { loadFirstSeen } from "../state/first-seen.js";
import { recordedGitDates } from "../state/git-dates.js";
import { entryLine, unpackEntry, unpackPage, type EntryLine, type PagesLine } from "../state/pack.js";
import type { Head } from "../state/record.js";
import { inWindow, outputsAsRecorded, storiesAgainst } from "../state/up-to-date.js";
import { folders, recordKey, type PipelineOptions } from "./options.js";

/** What a one-change build did: its report (the record's, which it leaves true) and the files it wrote. */
export interface OneChangeResult {
  read: number;
  published: number;
  diagnostics: Diagnostic[];
  nextEmbargo?: string;
  written: string[];
  unchanged: string[];
}

/** The story values an edit may change on this path: what the page shows of it, and nothing a plan reads. */
const TEXT_FIELDS = new Set(["title", "summary", "contentHtml", "bodyHash", "bodyOffset"]);

/**
 * The build of one edited archived story (I/O), or undefined, having written nothing, when the
 * record cannot prove it (see above): then run `build`.
 */
export async function buildOneChange(options: PipelineOptions): Promise<OneChangeResult | undefined> {
  const { stories, out } = folders(options);
  const release = markWriting(out);
  try {
    return await oneChange(options, stories, out);
  } finally {
    release();
  }
}

async function oneChange(options: PipelineOptions, stories: string, out: string): Promise<OneChangeResult | undefined> {
  const given = options.listed;
  const listed = given && given.stories === stories && given.out === out ? given.listing : await listStories(stories, out);
  // What the head and the files answer comes first: most builds that are not one change (a fresh
  // checkout, a new story) are told so before the rest of the record is read.
  let found: Found | undefined;
  const record = readRecord(out, recordKey(options), (head) => {
    if (!head.report || !inWindow(head, options.now.getTime())) return false;
    found = onlyChanged(listed, head);
    if (found === undefined || !outputsAsRecorded(out, head)) return false;
    return !listed.files.some((sf) => timedByFile(sf.file)) || Boolean(head.git && recordedGitDates(stories, head.git, head.writtenAt, [], () => undefined));
  });
  if (!record || found === undefined || !historyHolds(record, listed.files, found.touched, out)) return undefined;
  const { head } = record;
  const { changed, touched } = found;

  const sf = listed.files[changed]!;
  const old = entryAt(record, changed);
  const fresh = loadEntrySync(sf, options.config);
  if (!sameButText(old, fresh) || !alone(record, changed, [old.story!, fresh.story!])) return undefined;
  const plan = pagePlan(record, sf.file, old.story!);
  if (!plan) return undefined;
  const page: FeedPlan = { ...plan, doc: { ...plan.doc, items: plan.doc.items.map((s) => (s === old.story ? fresh.story! : s)) } };
  const hashes = Object.fromEntries(page.doc.items.map((s) => [s.file, s === fresh.story ? fresh.hash : entryAt(record, indexOf(head, s.file)).hash]));
  const { config } = options;
  const done = await renderPage({ storiesDir: stories, out, siteUrl: config.siteUrl, precompress: config.precompress }, { page, hashes });
  saveRecord(out, record, changed, touched, fresh, page, Date.now());
  return { ...head.report!, written: done.written, unchanged: done.unchanged };
}

/** The one changed story file, and the files whose time alone moved with their new times, by their places in the listing. */
interface Found {
  changed: number;
  touched: Map<number, number>;
}

/**
 * The one story file not as recorded (see `storiesAgainst`), and those only touched (their time
 * new, their bytes the recorded ones: a fresh checkout's) with their new times; undefined unless
 * exactly one changed, and that one was recorded and is not raw text, whose date can hang on its file.
 */
function onlyChanged(listed: Listing, head: Head): Found | undefined {
  const against = storiesAgainst(head, listed, 1, true);
  if (against?.changed.length !== 1) return undefined;
  const changed = against.changed[0]!;
  const [file, size] = head.files[changed]!;
  if (size < 0 || timedByFile(file)) return undefined;
  return { changed, touched: against.touched as Map<number, number> };
}

/**
 * Whether every raw text file would be dated as recorded (see `sameFacts`): its recorded
 * first-seen time is the first-seen file's, and one whose time moved has a commit or first-seen
 * time to be dated by, not its file's time. (Commit dates are the recorded ones: the git index is
 * as the record saw it.)
 */
function historyHolds(record: RecordBytes, files: readonly StoryFile[], touched: ReadonlyMap<number, number>, out: string): boolean {
  let seen: ReadonlyMap<string, number> | undefined;
  for (let i = 0; i < files.length; i++) {
    if (!timedByFile(files[i]!.file)) continue;
    seen ??= loadFirstSeen(out);
    const line = lineAt<EntryLine>(record, record.entries[i]!);
    const [committed, firstSeen] = [line[4] ?? undefined, line[5] ?? undefined];
    if (firstSeen !== seen.get(files[i]!.file)) return false;
    if (touched.has(i) && committed === undefined && firstSeen === undefined) return false;
  }
  return true;
}

/** The recorded entry of the head's file `i`. */
function entryAt(record: RecordBytes, i: number): Entry {
  return unpackEntry(record.head.files[i]!, lineAt<EntryLine>(record, record.entries[i]!));
}

const indexes = new WeakMap<Head, Map<string, number>>();
function indexOf(head: Head, file: string): number {
  let index = indexes.get(head);
  if (!index) indexes.set(head, (index = new Map(head.files.map(([f], i) => [f, i]))));
  return index.get(file) ?? -1;
}

/** Whether the fresh entry is the old one with only its story's text changed (see `TEXT_FIELDS`). */
function sameButText(old: Entry, fresh: Entry): boolean {
  if (!old.story || !fresh.story || old.more || fresh.more || old.refused || fresh.refused) return false;
  if (JSON.stringify(old.diagnostics) !== JSON.stringify(fresh.diagnostics)) return false;
  const a = old.story as unknown as Record<string, unknown>, b = fresh.story as unknown as Record<string, unknown>;
  return Object.keys({ ...a, ...b }).every((f) => TEXT_FIELDS.has(f) || JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/**
 * Whether the stories' ids and bodies are found nowhere in the record but in file `i`'s line (so
 * no duplicate rule involves them), and no release is a refused edit's (a story saved in full).
 */
function alone(record: RecordBytes, i: number, stories: readonly Story[]): boolean {
  const { bytes } = record;
  const [from, to] = [record.entries[i]!, record.entries[i + 1]!];
  const elsewhere = (text: string) => {
    const needle = Buffer.from(text);
    for (let at = bytes.indexOf(needle); at >= 0 && at < record.trailer; at = bytes.indexOf(needle, at + 1)) if (at < from || at >= to) return true;
    return false;
  };
  if (stories.some((s) => elsewhere(`[${JSON.stringify(s.id)},`) || (s.bodyHash !== undefined && elsewhere(JSON.stringify(s.bodyHash))))) return false;
  const releases = bytes.subarray(record.releases, record.trailer);
  return releases.indexOf('"story":') < 0;
}

/**
 * The recorded plan of the archive page holding `story` (file `file`), its items as recorded;
 * undefined unless the story is on one page, in no live feed, released by reference at its
 * version, and the plan gives the page's recorded fingerprint.
 */
function pagePlan(record: RecordBytes, file: string, story: Story): FeedPlan | undefined {
  const { head, bytes } = record;
  const { pages, live } = lineAt<PagesLine>(record, record.pages);
  if (live.includes(story.id)) return undefined;
  const needle = Buffer.from(`"file":${JSON.stringify(file)}`);
  const at = bytes.indexOf(needle, record.releases);
  if (at < 0 || at >= record.trailer) return undefined;
  const r = lineAt<ReleaseLine>(record, bytes.lastIndexOf(0x0a, at) + 1);
  if (r.file !== file || r.item !== undefined || r.story !== undefined || r.body !== undefined || r.version !== story.version) return undefined;
  const holding = pages.filter(([, , refs]) => refs.some(([f]) => f === file));
  if (holding.length !== 1 || holding[0]![2].some(([, place]) => place !== undefined)) return undefined;
  const plan = unpackPage(holding[0]!, (f) => (f === file ? story : entryAt(record, indexOf(head, f)).story));
  const fingerprints = new Map(lineAt<[string, string][]>(record, record.entries[head.files.length]!));
  return plan && fingerprints.get(plan.prefix) === fingerprint(plan) ? plan : undefined;
}

/**
 * The record again (I/O), as the full build would write it: the head with the file's new size,
 * time and hash, and the page's files' new sizes and times; the file's entry line made again;
 * the page's fingerprint; every other line as it was read.
 */
function saveRecord(out: string, record: RecordBytes, i: number, touched: ReadonlyMap<number, number>, fresh: Entry, page: FeedPlan, writtenAt: number): void {
  const { head, bytes } = record;
  const files = head.files.map((f, k): Head["files"][number] => {
    if (k === i) return [f[0], fresh.size, fresh.mtimeMs, fresh.hash];
    const mtimeMs = touched.get(k);
    return mtimeMs === undefined ? f : [f[0], f[1], mtimeMs, ...f.slice(3)] as Head["files"][number];
  });
  // The page's files and their siblings, in the order the head lists them (the publication's).
  const outputs = head.outputs.flatMap((o): Head["outputs"] => {
    if (!o[0].startsWith(page.prefix)) return [o];
    const st = statSync(join(out, o[0]), { throwIfNoEntry: false });
    return st ? [[o[0], st.size, st.mtimeMs]] : [];
  });
  const fingerprints = new Map(lineAt<[string, string][]>(record, record.entries[head.files.length]!));
  fingerprints.set(page.prefix, fingerprint(page));
  writeRecord(out, [
    `${JSON.stringify({ ...head, writtenAt, files, outputs })}\n`,
    bytes.subarray(record.entries[0]!, record.entries[i]!),
    `${JSON.stringify(entryLine(fresh))}\n`,
    bytes.subarray(record.entries[i + 1]!, record.entries[head.files.length]!),
    `${JSON.stringify([...fingerprints])}\n`,
    bytes.subarray(record.pages, record.trailer),
  ]);
}
