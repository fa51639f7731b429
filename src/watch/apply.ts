import type { Catalog } from "../catalog.js";
import { hasError } from "../diagnostics.js";
import { sameFacts, type Entry } from "../load.js";
import type { Change } from "../queue.js";
import { timedByFile } from "../read.js";

/** What a file read gives: its entry, `"gone"` when it is no longer there, `"same"` when it is known unchanged. */
export type Loaded = Entry | "gone" | "same";

/** What one rebuild did to the catalog, by file. */
export interface Effects {
  /** Files now in the catalog that were not before. */
  added: string[];
  /** Files read again whose content changed. */
  changed: string[];
  /** Files no longer in the catalog. */
  removed: string[];
  /** Files whose new content fails: their last good version stays in the feeds. */
  kept: string[];
  /** Files with errors and no good version to keep (new files that fail, or failing again). */
  failed: string[];
  /** Files that had errors and have none now. */
  fixed: string[];
  /** Every entry read, as read (a failed read included): what the file looked like then. */
  read: Entry[];
}

export function noEffects(): Effects {
  return { added: [], changed: [], removed: [], kept: [], failed: [], fixed: [], read: [] };
}

export function hasEffects(e: Effects): boolean {
  return e.added.length + e.changed.length + e.removed.length + e.kept.length + e.failed.length + e.fixed.length > 0;
}

const failing = (e: Entry | undefined) => e !== undefined && hasError(e.diagnostics);

/**
 * Applies net changes to the catalog (pure but for `load`): an unlink drops the file; an add or
 * change reads it through `load` and keeps the last good version when the new one fails. Files
 * are applied together, so a rename (one file gone, another come) is never half applied.
 */
export async function applyChanges(catalog: Catalog, changes: ReadonlyMap<string, Change>, load: (file: string) => Promise<Loaded>): Promise<Effects> {
  const effects = noEffects();
  const loaded = await Promise.all([...changes].map(async ([file, change]) => [file, change === "unlink" ? "gone" : await load(file)] as const));
  for (const [file, result] of loaded) {
    if (result === "same") continue;
    const before = catalog.lastRead(file);
    if (result === "gone") {
      if (catalog.delete(file)) effects.removed.push(file);
      continue;
    }
    effects.read.push(result);
    // Same bytes: nothing to do, unless raw text, whose date may come out otherwise.
    if (before && before.hash === result.hash && sameFacts(before, result.mtimeMs, result)) continue;
    const { kept } = catalog.update(result);
    const broken = !result.story;
    if (!before) effects.added.push(file);
    else effects.changed.push(file);
    if (kept) effects.kept.push(file);
    else if (broken) effects.failed.push(file);
    else if (failing(before)) effects.fixed.push(file);
  }
  return effects;
}

/**
 * The changes that bring the catalog in line with a fresh listing of the stories folder (pure):
 * every listed file is read again (`add` when new), every catalogued file not listed is dropped.
 */
export function reconcile(catalog: Catalog, listed: readonly string[]): Map<string, Change> {
  const changes = new Map<string, Change>();
  const present = new Set(listed);
  for (const file of listed) changes.set(file, catalog.get(file) ? "change" : "add");
  for (const e of catalog.all()) if (!present.has(e.file)) changes.set(e.file, "unlink");
  return changes;
}
