import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { hashBytes, resolveDuplicates, withBodyFromBytes, type Entry } from "./load.js";
import type { Story } from "./story.js";

/**
 * Every story file by path, as last read: what `build` fills from disk (or its cache) and
 * `watch` keeps up to date one file at a time. Holds stories without their rendered bodies;
 * the bodies of the few stories a feed renders are kept apart, only while they are in use.
 */
export class Catalog {
  private readonly entries = new Map<string, Entry>();
  /** Rendered stories by file, valid while the file's hash is unchanged. */
  private bodies = new Map<string, { hash: string; story: Story }>();
  /** Failed reads of files whose last good version is kept (see `update`). */
  private readonly failures = new Map<string, Entry>();

  constructor(readonly config: Config, readonly storiesDir: string) {}

  get size(): number {
    return this.entries.size;
  }

  get(file: string): Entry | undefined {
    return this.entries.get(file);
  }

  set(entry: Entry): void {
    this.failures.delete(entry.file);
    this.entries.set(entry.file, entry);
  }

  delete(file: string): boolean {
    this.bodies.delete(file);
    this.failures.delete(file);
    return this.entries.delete(file);
  }

  /**
   * Records a fresh read of a file, keeping its last good version (what `watch` does on every
   * change): when the read failed (no story) but the file's entry has a story, that entry stays,
   * with its hash, so its rendered body is still found, and the failed read's diagnostics replace
   * its own: the errors are reported while the story stays published. A good read replaces it.
   * @returns the entry now in effect, and whether an earlier good version was kept.
   */
  update(entry: Entry): { entry: Entry; kept: boolean } {
    const previous = this.entries.get(entry.file);
    if (entry.story || !previous?.story) {
      this.set(entry);
      return { entry, kept: false };
    }
    const kept: Entry = { ...previous, diagnostics: entry.diagnostics };
    this.entries.set(entry.file, kept);
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

  /** The stories that may be published (duplicate ids resolved) and every diagnostic, sorted. */
  resolve(): { stories: Story[]; diagnostics: Diagnostic[] } {
    const { stories, diagnostics } = resolveDuplicates(this.entries.values());
    const all: Diagnostic[] = [];
    for (const e of this.entries.values()) all.push(...e.diagnostics);
    return { stories, diagnostics: sortDiagnostics([...all, ...diagnostics]) };
  }

  /**
   * The given stories with their bodies rendered, reading each file again (I/O). Bodies rendered
   * before are reused while the file is unchanged; bodies no longer asked for are dropped, so
   * memory holds only what the feeds show. A file that changed or vanished since it was
   * catalogued keeps its catalogued story with an empty body until its own event arrives.
   * With `retain` false (archive pages, rendered once) bodies are rendered but not kept, and the
   * bodies kept for the live feeds stay as they were.
   */
  async hydrate(stories: readonly Story[], retain = true): Promise<Story[]> {
    const next = new Map<string, { hash: string; story: Story }>();
    const out = await Promise.all(stories.map(async (s) => {
      const entry = this.entries.get(s.file);
      const known = this.bodies.get(s.file);
      if (entry && known && known.hash === entry.hash) {
        next.set(s.file, known);
        return known.story;
      }
      const full = await this.render(s, entry);
      if (full && entry) next.set(s.file, { hash: entry.hash, story: full });
      return full ?? s;
    }));
    if (!retain) return out;
    // A kept last good version cannot be rendered from its file again: keep its body.
    for (const file of this.failures.keys()) {
      const body = this.bodies.get(file);
      if (body && !next.has(file)) next.set(file, body);
    }
    this.bodies = next;
    return out;
  }

  private async render(s: Story, entry: Entry | undefined): Promise<Story | undefined> {
    const path = join(this.storiesDir, s.file);
    // Synchronous, as build reads stories: a few files of a few kilobytes, and a watcher's rebuild
    // that does not yield is not slowed by chokidar re-listing a large folder meanwhile.
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(path);
    } catch {
      bytes = undefined;
    }
    if (!bytes || !entry || hashBytes(bytes) !== entry.hash) return undefined;
    return withBodyFromBytes(s, bytes);
  }
}
