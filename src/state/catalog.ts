import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig, type Config } from "../config/config.js";
import { sortDiagnostics, type Diagnostic } from "../model/diagnostics.js";
import { hashBytes } from "../ingest/hash.js";
import { withBodyFromBytes } from "../normalize/from-bytes.js";
import { storiesOf, type Entry } from "./entry.js";
import { duplicateIdError, duplicateStories } from "../desk/duplicates.js";
import { storyRef, type Story } from "../model/story.js";
import { addTo, firstOf, ownParts, patchResolved, removeFrom, type Files, type Resolved } from "./resolution.js";

/**
 * Every story file by path, as last read: what `build` fills from disk (or its cache) and
 * `watch` keeps up to date one file at a time. Holds stories without their rendered bodies;
 * the bodies of the few stories a feed renders are kept apart, only while they are in use.
 */
export class Catalog {
  private readonly entries = new Map<string, Entry>();
  /**
   * Rendered stories by `storyRef` (the file, or `file#index` for an item of a file of several),
   * valid while the file's hash and the catalogued story they were rendered from are unchanged
   * (raw text's dating facts can change the story and not the bytes): those of the live feeds,
   * and apart those of the last archive page rendered, which a watcher renders again for an edit
   * on it (reading and rendering its fifty stories was ~4 ms of such a rebuild, #20).
   */
  private bodies = new Map<string, Rendered>();
  private pageBodies = new Map<string, Rendered>();
  /** Failed reads of files whose last good version is kept (see `update`). */
  private readonly failures = new Map<string, Entry>();
  /**
   * Kept up to date on every change, so `resolve` makes no pass that sorts or hashes every
   * story (a watcher's rebuild at 10,000 stories spent a third of its time there): the files in
   * path order, and the files of each story id and of each body hash.
   */
  private readonly order: string[] = [];
  private readonly filesById = new Map<string, Files>();
  private readonly filesByBody = new Map<string, Files>();
  /** The last `resolve`'s result while it can be patched, and the files changed since, each with its entry then. */
  private resolved: Resolved | undefined;
  private readonly changed = new Map<string, Entry | undefined>();
  /** How many files have left the catalog, ever (see `StorySource.removals`). */
  private removed = 0;

  constructor(readonly config: Config, readonly storiesDir: string) {}

  get size(): number {
    return this.entries.size;
  }

  /** How many files have left the catalog, ever: a publication's releases of their stories may now be forgotten. */
  get removals(): number {
    return this.removed;
  }

  get(file: string): Entry | undefined {
    return this.entries.get(file);
  }

  set(entry: Entry): void {
    this.failures.delete(entry.file);
    this.put(entry);
  }

  delete(file: string): boolean {
    this.bodies.delete(file);
    this.failures.delete(file);
    const entry = this.entries.get(file);
    if (!entry) return false;
    this.changing(file);
    for (const s of entry.more ?? []) this.bodies.delete(storyRef(s));
    if (entry.story) this.bodies.delete(storyRef(entry.story));
    this.unindex(entry);
    const at = this.position(file);
    this.order.splice(at, 1);
    this.removed++;
    return this.entries.delete(file);
  }

  /** Puts an entry in place of its file's, keeping the indexes. */
  private put(entry: Entry): void {
    this.changing(entry.file);
    const previous = this.entries.get(entry.file);
    if (previous) this.unindex(previous);
    else this.order.splice(this.position(entry.file), 0, entry.file);
    this.entries.set(entry.file, entry);
    this.index(entry);
  }

  /** Notes a file's entry before its first change since the last `resolve`. */
  private changing(file: string): void {
    if (this.resolved && !this.changed.has(file)) this.changed.set(file, this.entries.get(file));
  }

  /** Where `file` is, or would go, in `order` (binary search). */
  private position(file: string): number {
    let lo = 0, hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order[mid]! < file) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private index(entry: Entry): void {
    for (const story of storiesOf(entry)) {
      addTo(this.filesById, story.id, entry.file);
      if (story.bodyHash !== undefined) addTo(this.filesByBody, story.bodyHash, entry.file);
    }
  }

  private unindex(entry: Entry): void {
    for (const story of storiesOf(entry)) {
      removeFrom(this.filesById, story.id, entry.file);
      if (story.bodyHash !== undefined) removeFrom(this.filesByBody, story.bodyHash, entry.file);
    }
  }

  /**
   * Records a fresh read of a file, keeping its last good version (what `watch` does on every
   * change): when the read failed (no story) but the file's entry has a story, that entry stays,
   * with its hash, so its rendered body is still found, and the failed read's diagnostics replace
   * its own: the errors are reported while the story stays published. A good read replaces it.
   * A file of several stories is kept so, whole, when its read refuses an item it had a good
   * version of: every item stays as last published until the file is fixed.
   * @returns the entry now in effect, and whether an earlier good version was kept.
   */
  update(entry: Entry): { entry: Entry; kept: boolean } {
    const previous = this.entries.get(entry.file);
    const had = (e: Entry, id: string) => storiesOf(e).some((s) => s.id === id);
    const losesItem = previous !== undefined && entry.refused?.some((id) => had(previous, id) && !had(entry, id)) === true;
    if ((entry.story && !losesItem) || !previous?.story) {
      this.set(entry);
      return { entry, kept: false };
    }
    const kept: Entry = { ...previous, diagnostics: entry.diagnostics };
    this.put(kept);
    this.failures.set(entry.file, entry);
    return { entry: kept, kept: true };
  }

  /** The latest read of a file, which differs from its entry while a last good version is kept. */
  lastRead(file: string): Entry | undefined {
    return this.failures.get(file) ?? this.entries.get(file);
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  /**
   * The stories that may be published and every diagnostic, sorted: the desk's duplicate rules
   * (the first file by path keeps an id, and in a file of several stories its first item that
   * has it, see `duplicateIdError`; the same headline and body under a later id is flagged, see
   * `duplicateStories`), found from the indexes kept on every change. The last result is kept and,
   * where the files changed since touch no other file's part of it, patched (see `patchResolved`).
   */
  resolve(): { stories: Story[]; diagnostics: Diagnostic[] } {
    const indexes = { entries: this.entries, filesById: this.filesById, filesByBody: this.filesByBody };
    const patched = this.resolved !== undefined && patchResolved(this.resolved, this.changed, indexes);
    this.changed.clear();
    const resolved = patched ? this.resolved! : this.resolveAll();
    // Kept only while it can be patched; and copied, as the kept lists are patched in place.
    this.resolved = patched || ownParts(this.entries) ? resolved : undefined;
    return { stories: [...resolved.stories], diagnostics: [...resolved.diagnostics] };
  }

  private resolveAll(): Resolved {
    const stories: Story[] = [];
    const all: Diagnostic[] = [];
    for (const file of this.order) {
      const entry = this.entries.get(file)!;
      const { story, diagnostics } = entry;
      // Most entries have none: a loop, not a spread call per entry (~2 ms a rebuild at 10,000).
      for (const d of diagnostics) all.push(d);
      if (!story) continue;
      if (entry.more) {
        for (const s of storiesOf(entry)) {
          const first = this.keeps(s) ? undefined : firstOf(this.filesById.get(s.id)!);
          if (first === undefined) stories.push(s);
          else all.push(duplicateIdError(file, s.id, first, s.item));
        }
        continue;
      }
      const first = firstOf(this.filesById.get(story.id)!);
      if (first === file) stories.push(story);
      else all.push(duplicateIdError(file, story.id, first));
    }
    for (const [hash, files] of this.filesByBody) {
      if (typeof files === "string" && !this.entries.get(files)!.more) continue;
      const published = (typeof files === "string" ? [files] : [...files].sort()).flatMap((f) => storiesOf(this.entries.get(f)!))
        .filter((s) => s.bodyHash === hash && this.keeps(s));
      all.push(...duplicateStories(published));
    }
    return { stories, diagnostics: sortDiagnostics(all) };
  }

  /** Whether a catalogued story keeps its id: its file is the first by path that has it, and it is that file's first story with it. */
  private keeps(s: Story): boolean {
    if (firstOf(this.filesById.get(s.id)!) !== s.file) return false;
    const entry = this.entries.get(s.file)!;
    return !entry.more || storiesOf(entry).find((x) => x.id === s.id) === s;
  }

  /**
   * The given stories with their bodies rendered, reading each file again (I/O). Bodies rendered
   * before are reused while the file is unchanged; bodies no longer asked for are dropped, so
   * memory holds only what the feeds show. A file that changed or vanished since it was
   * catalogued keeps its catalogued story with an empty body until its own event arrives.
   * With `retain` false (archive pages) the bodies kept for the live feeds stay as they were, and
   * only this call's are kept apart, in place of the last page's.
   */
  async hydrate(stories: readonly Story[], retain = true): Promise<Story[]> {
    const next = new Map<string, Rendered>();
    const out = await Promise.all(stories.map(async (s) => {
      const ref = storyRef(s);
      const entry = this.entries.get(s.file);
      const known = this.bodies.get(ref) ?? this.pageBodies.get(ref);
      if (entry && known && known.hash === entry.hash && known.from === s) {
        next.set(ref, known);
        return known.story;
      }
      const full = await this.render(s, entry);
      if (full && entry) next.set(ref, { hash: entry.hash, from: s, story: full });
      return full ?? s;
    }));
    if (!retain) {
      this.pageBodies = next;
      return out;
    }
    // A kept last good version cannot be rendered from its file again: keep its bodies.
    for (const file of this.failures.keys()) {
      for (const ref of [file, ...storiesOf(this.entries.get(file) ?? {}).map(storyRef)]) {
        const body = this.bodies.get(ref);
        if (body && !next.has(ref)) next.set(ref, body);
      }
    }
    this.bodies = next;
    return out;
  }

  private async render(s: Story, entry: Entry | undefined): Promise<Story | undefined> {
    const path = join(this.storiesDir, s.file);
    // Synchronous, as build reads stories: a few files of a few kilobytes, and a watcher's rebuild
    // that does not yield is not slowed by whatever else waits for the thread pool meanwhile.
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(path);
    } catch {
      bytes = undefined;
    }
    if (!bytes || !entry || hashBytes(bytes) !== entry.hash) return undefined;
    // Where the body starts in these bytes is known to the entry that holds their hash (`s` may be
    // another version of the story, as a refused edit's release is).
    return withBodyFromBytes(s, bytes, this.config.siteUrl, entry.story?.bodyOffset);
  }
}

/** A story rendered from its file: the file's hash and the catalogued story it was rendered from. */
interface Rendered {
  hash: string;
  from: Story;
  story: Story;
}

/**
 * Resolves duplicate ids among entries (pure), as a catalog holding them does (see
 * `Catalog.resolve`): the stories that may be published, in path order, and every diagnostic.
 */
export function resolveDuplicates(entries: Iterable<Entry>, config: Config = defaultConfig()): { stories: Story[]; diagnostics: Diagnostic[] } {
  const catalog = new Catalog(config, "");
  for (const entry of entries) catalog.set(entry);
  return catalog.resolve();
}
