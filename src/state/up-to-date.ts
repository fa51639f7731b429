/**
 * Checks against the build record's head (I/O): whether a build would change nothing
 * (`upToDate`, the CLI's check before the pipeline loads), and the parts of it the one-change
 * build shares (see build/one-change.ts): the embargo window, the outputs, the story files.
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { listStories, type Listing, type ListingOf } from "../ingest/read.js";
import { crashedWriters } from "../publish/write.js";
import { changedOutputs, gitIndexAsRecorded, holds, namesIn, readHead, standing, type Head, type RecordedReport } from "./record.js";

/** Whether `t` lies inside the record's embargo window: no embargo has lifted since, none is due. */
export function inWindow(head: Head, t: number): boolean {
  return (head.from === null || t >= head.from) && (head.until === null || t < head.until);
}

/** Whether every output file and the names in every folder the build owns are as recorded (I/O). */
export function outputsAsRecorded(out: string, head: Head): boolean {
  if (changedOutputs(out, head.outputs).length > 0) return false;
  return Object.entries(head.owned).every(([folder, names]) => JSON.stringify(namesIn(join(out, folder))) === JSON.stringify(names));
}

/** Touched files after which a check takes the folder for a fresh checkout. */
const CHECKOUT_AFTER = 16;

/** The story files not as a record has them (see `storiesAgainst`), by their places in the listing. */
export interface Against {
  changed: number[];
  /** Files whose time alone moved, with their new times when asked for. */
  touched: Map<number, number | undefined>;
}

/**
 * The story files of `listed` not as the record's head has them (I/O, by `standing`): at most
 * `most` changed, else undefined, as when the listing is not the recorded one. A file whose time
 * alone moved is the same story: its commit is the git index's, and its first-seen time is kept
 * apart from its file's time. Once many are touched, as after a checkout, every file must be read
 * anyway and holding the recorded bytes is the whole answer: the rest are read without a stat
 * first (#20), unless `times` asks for the touched files' new times. Stricter than `standing`,
 * never looser: a file with its recorded size and time but other bytes is changed there.
 */
export function storiesAgainst(head: Head, listed: Listing, most: number, times = false): Against | undefined {
  if (listed.files.length !== head.files.length || JSON.stringify(listed.diagnostics) !== head.listing) return undefined;
  const found: Against = { changed: [], touched: new Map() };
  for (let i = 0; i < listed.files.length; i++) {
    const { file, path } = listed.files[i]!;
    const [recorded, size, mtimeMs, hash] = head.files[i]!;
    if (file !== recorded) return undefined;
    if (!times && found.touched.size >= CHECKOUT_AFTER && hash !== undefined) {
      if (holds(path, size, hash)) found.touched.set(i, undefined);
      else if (found.changed.push(i) > most) return undefined;
      continue;
    }
    const st = statSync(path, { throwIfNoEntry: false });
    const stands = standing(path, { size, mtimeMs, hash }, head.writtenAt, st);
    if (stands === "touched") found.touched.set(i, st!.mtimeMs);
    else if (stands === "changed" && found.changed.push(i) > most) return undefined;
  }
  return found;
}

/**
 * The recorded report if a build of `stories` into `out` under `key` at `now` would change
 * nothing (I/O: reads the record's head, lists the folder, stats every story and output file,
 * reads only racy files and files whose time moved; once many have moved, as after a checkout,
 * reads the rest without a stat). A story with a new time and the recorded
 * bytes is unchanged. The record is not rewritten with its new time (the head is the first line
 * of the whole record): each check reads such a story again, until a build that does run
 * records the new times. `seen.listed`, when given, is set to the listing it made, if it made one.
 */
export async function upToDate(stories: string, out: string, key: string, now: Date, seen?: { listed?: ListingOf }): Promise<RecordedReport | undefined> {
  const head = readHead(out, key);
  if (!head?.report) return undefined;
  // A writer killed mid-write may have left temporary files: a build tidies them.
  if (crashedWriters(out).length > 0) return undefined;
  if (!inWindow(head, now.getTime())) return undefined;
  const listed = await listStories(stories, out);
  // Kept for the build that follows when the answer is no, which then need not list again.
  if (seen) seen.listed = { stories: resolve(stories), out: resolve(out), listing: listed };
  if (!storiesAgainst(head, listed, 0) || !outputsAsRecorded(out, head)) return undefined;
  if (head.git && !gitIndexAsRecorded(head.git)) return undefined;
  return head.report;
}
