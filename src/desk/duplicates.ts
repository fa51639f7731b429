/**
 * The duplicate rules (pure): an id belongs to the first file by path that uses it (in a file of
 * several stories, to its first item that uses it); the same headline and body under two ids is
 * the same story filed twice.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { Story, StoryItem } from "../model/story.js";

/**
 * The error on a later file reusing an id (the first file by path keeps an id: see
 * `Catalog.resolve`); for an item of a file of several stories (`item`), at that item.
 */
export function duplicateIdError(file: string, id: string, firstFile: string, item?: StoryItem): Diagnostic {
  return {
    file, ...itemPosition(item), severity: "error", rule: "duplicate-id",
    message: item === undefined
      ? `id "${id}" is already used by ${firstFile}; the first file by path is kept and this one is left out`
      : `id "${id}" is already used by ${firstFile}; the first file by path, and in it the first item, is kept and this item is left out`,
  };
}

/** Where a story's desk diagnostics point: its item in a file of several, else the file's start. */
export function itemPosition(item: StoryItem | undefined): { line: number; column: number } {
  return item === undefined ? { line: 1, column: 1 } : { line: item.line, column: item.column };
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
      file: s.file, ...itemPosition(s.item), severity: "warning", rule: "duplicate-story",
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
