import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config.js";
import { sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { hashBytes, resolveDuplicates, storyFromBytes, type Entry } from "./load.js";
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

  constructor(readonly config: Config, readonly storiesDir: string) {}

  get size(): number {
    return this.entries.size;
  }

  get(file: string): Entry | undefined {
    return this.entries.get(file);
  }

  set(entry: Entry): void {
    this.entries.set(entry.file, entry);
  }

  delete(file: string): boolean {
    this.bodies.delete(file);
    return this.entries.delete(file);
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
   */
  async hydrate(stories: readonly Story[]): Promise<Story[]> {
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
    this.bodies = next;
    return out;
  }

  private async render(s: Story, entry: Entry | undefined): Promise<Story | undefined> {
    const path = join(this.storiesDir, s.file);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes || !entry || hashBytes(bytes) !== entry.hash) return undefined;
    return storyFromBytes(s.file, bytes, new Date(entry.mtimeMs), this.config, true).story;
  }
}
