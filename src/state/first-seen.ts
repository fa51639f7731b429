/**
 * When a build first saw each raw story file: part of the build state in the output folder, the
 * date of a raw story that has none in its text or name and is not (yet) committed to git. Kept
 * apart from the cache, which any config or version change throws away: these times cannot be
 * made again, so they are never discarded with it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../publish/write.js";

/** The file's name inside the output folder. A dotfile: the server never serves it. */
export const FIRST_SEEN_FILE = ".wirefeed-first-seen.json";

/** Bump when the shape changes (and read the old one). */
const FORMAT = 1;

/**
 * The first-seen times (ms) by story path (I/O). Missing or unreadable gives an empty map: the
 * stories are then seen for the first time now.
 */
export function loadFirstSeen(out: string): Map<string, number> {
  try {
    const data = JSON.parse(readFileSync(join(out, FIRST_SEEN_FILE), "utf8")) as { format?: number; seen?: Record<string, unknown> };
    if (data.format !== FORMAT || typeof data.seen !== "object" || data.seen === null) return new Map();
    return new Map(Object.entries(data.seen).filter((e): e is [string, number] => Number.isFinite(e[1])));
  } catch {
    return new Map();
  }
}

/**
 * Adds `now` for every file in `files` not seen before (pure), in a new map; undefined when nothing is new.
 * Files no longer listed are kept: a story taken out and put back keeps its first time.
 */
export function see(seen: ReadonlyMap<string, number>, files: Iterable<string>, now: number): Map<string, number> | undefined {
  let added: Map<string, number> | undefined;
  for (const file of files) {
    if (seen.has(file)) continue;
    added ??= new Map(seen);
    added.set(file, now);
  }
  return added;
}

/** Writes the first-seen times, sorted by path so the file diffs well (I/O, atomic). */
export async function saveFirstSeen(out: string, seen: ReadonlyMap<string, number>): Promise<void> {
  const sorted = Object.fromEntries([...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeAtomic(join(out, FIRST_SEEN_FILE), `${JSON.stringify({ format: FORMAT, seen: sorted })}\n`);
}
