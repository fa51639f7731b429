/**
 * The pipeline `build` and `watch` share (I/O at both ends): a catalog from the stories folder
 * and the last build's cache, then a publication of the catalog into the output folder. A build
 * runs it once; a watcher starts with it and publishes again after each batch of changes.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Config } from "../config/config.js";
import type { Release } from "../desk/versions.js";
import { hashBytes } from "../ingest/hash.js";
import { listStories, readStorySync, timedByFile, type StoryFile } from "../ingest/read.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { Progress } from "../model/progress.js";
import type { Story } from "../model/story.js";
import type { PagePlan } from "../plan/plan.js";
import type { ShownMemory } from "../publish/shown.js";
import { publish, type PublishResult } from "../publish/publish.js";
import { runShared } from "../publish/threads.js";
import { carryLine, emptyCache, type BuildCache } from "../state/cache.js";
import { Catalog } from "../state/catalog.js";
import { entryFromBytes, historyOf, loadEntrySync, sameFacts, sameStory, withSharedValues, type Entry } from "../state/entry.js";
import { see } from "../state/first-seen.js";
import { gitDates, recordedGitDates } from "../state/git-dates.js";
import { changedOutputs, standing } from "../state/record.js";
import { folders, type PipelineOptions } from "./options.js";

export { folders, recordKey, type PipelineOptions } from "./options.js";

/**
 * What a publication leaves for the next one of the same output folder: each feed's fingerprint
 * (unchanged feeds are not rendered again), the archive pages' plans, and every story's last
 * release (versions only go up).
 */
export interface Publication {
  fingerprints: Map<string, string>;
  pages: Map<string, PagePlan>;
  released: Map<string, Release>;
  /** What the last publication's release bookkeeping found, for the next to start from. */
  memory?: ShownMemory;
}


/**
 * Lists and reads every story file into a new catalog (I/O). A file whose cached entry still
 * matches (same size and modification time, or same content hash) is not parsed again.
 */
export async function scan(options: PipelineOptions, cache: BuildCache = emptyCache(), seen: ReadonlyMap<string, number> = new Map()): Promise<ScanResult> {
  const { stories, out } = folders(options);
  const catalog = new Catalog(options.config, stories);
  const given = options.listed;
  const listed = given && given.stories === stories && given.out === out ? given.listing : await listStories(stories, out);
  const { files, firstSeen, gitIndex } = withHistory(listed.files, stories, seen, options.now, cache);
  let cached = 0;
  const unknown: StoryFile[] = [];
  const total = files.length;
  let done = 0;
  const progress = options.progress;
  const counted = progress ? () => progress.read(++done, total) : undefined;
  for (const sf of files) {
    const known = cache.entries.get(sf.file);
    if (!known) {
      unknown.push(sf);
      continue;
    }
    const entry = revalidate(sf, known, cache.writtenAt, options.config);
    if (entry === known) cached++;
    else carryLine(cache.lines, known, entry);
    catalog.set(entry);
    counted?.();
  }
  for (const entry of await loadAll(unknown, options.config, options.parallel !== false, counted)) catalog.set(entry);
  return { catalog, read: files.length, cached, listing: listed.diagnostics, files, firstSeen, gitIndex };
}

export interface ScanResult {
  catalog: Catalog;
  read: number;
  cached: number;
  listing: Diagnostic[];
  files: StoryFile[];
  /** The first-seen times with this scan's new raw files added, when there are any (to be saved). */
  firstSeen?: Map<string, number>;
  /** The git index the commit dates were read against, when the stories are in a repository. */
  gitIndex?: [file: string, size: number, mtimeMs: number];
}

/**
 * The listed files with what dates a raw story besides its text (see `rawDate`): when git first
 * saw each (one `git log` for the folder, only when there is raw text), and when a build did,
 * `now` for a file seen for the first time.
 */
function withHistory(
  listed: StoryFile[], stories: string, seen: ReadonlyMap<string, number>, now: Date, cache: BuildCache,
): Pick<ScanResult, "files" | "firstSeen" | "gitIndex"> {
  const raw = listed.filter((sf) => timedByFile(sf.file));
  if (raw.length === 0) return { files: listed };
  // The cached entries' dates while the git index is as recorded; an entry of a file that could
  // not be read has none to give.
  const recorded = cache.head?.git && recordedGitDates(stories, cache.head.git, cache.writtenAt, raw.map((sf) => sf.file), (file) => {
    const entry = cache.entries.get(file);
    return entry && entry.size >= 0 ? entry : undefined;
  });
  const git = recorded || gitDates(stories);
  const firstSeen = see(seen, raw.map((sf) => sf.file), now.getTime());
  const times = firstSeen ?? seen;
  const files = listed.map((sf) => timedByFile(sf.file) ? { ...sf, committed: git.committed.get(sf.file), firstSeen: times.get(sf.file) } : sf);
  return { files, firstSeen, gitIndex: git.index };
}

/** Below this many files to parse, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 2000;

/** Files handed out per batch: few enough to balance, enough to be cheap. */
const BATCH = 32;

/**
 * Reads and catalogues files, on every core when there are many (see threads.ts). Entries come
 * back in the files' order.
 */
async function loadAll(files: StoryFile[], config: Config, parallel: boolean, counted?: () => void): Promise<Entry[]> {
  const threads = parallel ? Math.min(availableParallelism(), 8) : 1;
  const load = counted ? (sf: StoryFile) => (counted(), loadEntrySync(sf, config)) : (sf: StoryFile) => loadEntrySync(sf, config);
  if (files.length < PARALLEL_FROM || threads < 2) return files.map(load);
  return runShared(files.length, threads, BATCH, new URL("./scan-worker.js", import.meta.url), { config }, (i) => files[i]!, (i) => load(files[i]!),
    // An entry from a worker arrives as a copy, with its own copy of every value.
    (e) => (counted?.(), e.story ? { ...e, story: withSharedValues(e.story), ...(e.more ? { more: e.more.map(withSharedValues) } : {}) } : e));
}

/** The cached entry if the file is as the record saw it (see `standing`), else the file read again. */
function revalidate(sf: StoryFile, known: Entry, writtenAt: number, config: Config): Entry {
  const history = historyOf(sf);
  const st = statSync(sf.path, { throwIfNoEntry: false });
  // Touched but unchanged (every file of a fresh checkout): the recorded bytes, compared in a
  // buffer reused from file to file (see `holds`) rather than read into a fresh one each (#20).
  const now = standing(sf.path, known, writtenAt, st);
  if (now === "recorded" && sameFacts(known, known.mtimeMs, history)) return known;
  if (now === "touched" && sameFacts(known, st!.mtimeMs, history)) return { ...known, mtimeMs: st!.mtimeMs };
  const { bytes, mtimeMs, diagnostics } = readStorySync(sf, config.maxBytes);
  if (!bytes || mtimeMs === undefined) return { file: sf.file, size: -1, mtimeMs: -1, hash: "", diagnostics };
  // Touched but unchanged: the same story (see `sameStory`), with the file's new time.
  if (sameStory(known, hashBytes(bytes), mtimeMs, history)) return { ...known, size: bytes.length, mtimeMs };
  return entryFromBytes(sf.file, bytes, mtimeMs, config, history);
}

/**
 * The cached fingerprints of the feeds whose files are all still on disk as they were written: a
 * feed (folder) with a file edited or deleted by hand is rendered again, the others are not.
 */
function intactFingerprints(out: string, cache: BuildCache): Map<string, string> {
  const broken = new Set(changedOutputs(out, cache.outputs).map((file) => file.slice(0, file.lastIndexOf("/") + 1)));
  return new Map([...cache.fingerprints].filter(([prefix]) => !broken.has(prefix)));
}

/** A publication to start from: what the cache says was published, for the feeds still intact on disk. */
export function publicationFrom(out: string, cache: BuildCache): Publication {
  return { fingerprints: intactFingerprints(out, cache), pages: new Map(), released: cache.released };
}

/**
 * Publishes the catalog's stories at `now` (I/O): duplicate ids resolved, then every feed whose
 * fingerprint moved since `last` rendered and written. `last` is brought up to date for the next call.
 * @returns the stories published from, the catalog's diagnostics, and what publishing did.
 */
export async function publishCatalog(
  catalog: Catalog, out: string, now: Date, last: Publication, parallelPages = false, progress?: Progress,
): Promise<{ stories: Story[]; diagnostics: Diagnostic[]; published: PublishResult }> {
  const { stories, diagnostics } = catalog.resolve();
  const published = await publish(catalog, stories, out, now, last.fingerprints, last.released, { parallelPages, pages: last.pages, progress, memory: last.memory });
  last.fingerprints = published.fingerprints;
  last.pages = published.pages;
  last.released = published.released;
  last.memory = published.memory;
  return { stories, diagnostics, published };
}
