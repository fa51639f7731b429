/**
 * A catalog's resolution kept between rebuilds (see `Catalog.resolve`): the stories that may be
 * published, in path order, and every diagnostic, sorted. A watcher's rebuild changes a file or
 * two of ten thousand; when nothing another file publishes or is told depends on those files,
 * only their part of the two lists is replaced, and no pass over every story is made.
 */
import { sortDiagnostics, type Diagnostic } from "../model/diagnostics.js";
import type { Story } from "../model/story.js";
import type { Entry } from "./entry.js";

export interface Resolved {
  stories: Story[];
  diagnostics: Diagnostic[];
}

/**
 * The files of one key of a catalog's index: nearly always one, kept as the string itself. A set
 * for every story of a 100,000-story archive, two indexes over, held ~25 MB.
 */
export type Files = string | Set<string>;

/** What a patch reads of the catalog. */
export interface Indexes {
  entries: ReadonlyMap<string, Entry>;
  filesById: ReadonlyMap<string, Files>;
  filesByBody: ReadonlyMap<string, Files>;
}

/** More changed files than this at once (a rescan, a burst): resolved from scratch. */
const MOST = 32;

/**
 * Whether an entry's part of a resolution is its own: a single story (or none) of this file, and
 * diagnostics all about this file. A resolution is kept only while every entry's is (see
 * `ownParts`), and patched only through such entries.
 */
function own(entry: Entry | undefined, file: string): boolean {
  if (!entry) return true;
  if (entry.more || (entry.story && entry.story.file !== file)) return false;
  for (const d of entry.diagnostics) if (d.file !== file) return false;
  return true;
}

/** Whether every entry's part of a resolution is its own (see `own`): then it can be patched later. */
export function ownParts(entries: ReadonlyMap<string, Entry>): boolean {
  for (const [file, entry] of entries) if (!own(entry, file)) return false;
  return true;
}

/**
 * Brings `resolved` up to date in place for the files changed since it was made (each with its
 * entry then, undefined for a file that was not catalogued), when that can be done from their
 * entries alone: every id and body hash they had or have is now held by one changed file or by
 * none, so no other file keeps or loses an id or a duplicate warning, and each changed file's part
 * is its story and its own diagnostics. Returns false, having changed nothing, otherwise.
 */
export function patchResolved(resolved: Resolved, changed: ReadonlyMap<string, Entry | undefined>, ix: Indexes): boolean {
  if (changed.size > MOST) return false;
  const alone = (files: Files | undefined) => files === undefined || (typeof files === "string" && changed.has(files));
  for (const [file, before] of changed) {
    const after = ix.entries.get(file);
    for (const e of [before, after]) {
      if (!own(e, file)) return false;
      const s = e?.story;
      if (s && (!alone(ix.filesById.get(s.id)) || (s.bodyHash !== undefined && !alone(ix.filesByBody.get(s.bodyHash))))) return false;
    }
  }
  for (const file of changed.keys()) {
    const after = ix.entries.get(file);
    replace(resolved.stories, file, after?.story ? [after.story] : []);
    replace(resolved.diagnostics, file, after ? sortDiagnostics(after.diagnostics) : []);
  }
  return true;
}

/** Replaces the items of `file` in a list sorted by file with `items` (in place). */
function replace<T extends { file: string }>(list: T[], file: string, items: readonly T[]): void {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.file < file) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && list[end]!.file === file) end++;
  list.splice(lo, end - lo, ...items);
}

/** Notes that `file` holds `key` (an id or a body hash), in an index of the catalog's. */
export function addTo(index: Map<string, Files>, key: string, file: string): void {
  const files = index.get(key);
  if (files === undefined) index.set(key, file);
  else if (typeof files !== "string") files.add(file);
  else if (files !== file) index.set(key, new Set([files, file]));
}

/** Notes that `file` no longer holds `key`. */
export function removeFrom(index: Map<string, Files>, key: string, file: string): void {
  const files = index.get(key);
  if (files === undefined) return;
  if (typeof files === "string") {
    if (files === file) index.delete(key);
    return;
  }
  files.delete(file);
  if (files.size === 1) index.set(key, firstOf(files));
  else if (files.size === 0) index.delete(key);
}

/** The first file by path. */
export function firstOf(files: Files): string {
  if (typeof files === "string") return files;
  let first: string | undefined;
  for (const f of files) if (first === undefined || f < first) first = f;
  return first!;
}
