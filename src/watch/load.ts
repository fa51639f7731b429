/**
 * Reads one changed story file for the watcher's catalog (I/O, synchronous: a few kilobytes, read
 * faster in one go than through a thread pool other work may be waiting on).
 */
import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import { hashBytes } from "../ingest/hash.js";
import { isInside, readStorySync, sameStat } from "../ingest/read.js";
import type { Diagnostic } from "../model/diagnostics.js";
import type { FileHistory } from "../normalize/from-bytes.js";
import { entryFromBytes, sameStory, type Entry } from "../state/entry.js";
import type { Loaded } from "./apply.js";
import { signature } from "./schedule.js";

/** Where a watcher reads from, and what it knows of a file already. */
export interface LoadContext {
  config: Config;
  stories: string;
  /** The stories folder's real path: a symbolic link may lead only inside it. */
  realRoot: string;
  /** The file's latest read, if any (see `Catalog.lastRead`). */
  known: Entry | undefined;
  /** A link leading out of the stories folder: told, and not followed. */
  warn(diagnostic: Diagnostic): void;
  /** The file is about to be read: what was seen of it while it was written no longer matters. */
  reading(): void;
  /** What dates the file's story besides its text, if it is raw (see `RawHistory`). */
  history(): FileHistory;
}

/**
 * The file's new entry, `"same"` when it holds the story last read (see `sameStory`), or
 * `"gone"`. With `quick` (a re-listing) an unchanged size and modification time is trusted instead.
 */
export function loadChanged(file: string, quick: boolean, ctx: LoadContext): Loaded {
  const path = join(ctx.stories, file);
  let st: Stats;
  try {
    st = lstatSync(path);
    if (st.isSymbolicLink()) {
      if (!isInside(ctx.realRoot, realpathSync(path))) {
        ctx.warn({ file, line: 1, column: 1, severity: "warning", rule: "symlink-outside", message: "a symbolic link leading out of the stories folder is not followed" });
        return "gone";
      }
    } else if (!st.isFile()) {
      return "gone";
    }
  } catch {
    return "gone"; // vanished, or a dangling link
  }
  ctx.reading();
  const { known } = ctx;
  if (quick && known && sameStat(st, known)) return "same";
  const { bytes, mtime, size, diagnostics } = readStorySync({ file, path }, ctx.config.maxBytes);
  if (diagnostics.some((d) => d.rule === "file-vanished")) return "gone";
  if (!bytes || !mtime) return { file, size: size ?? -1, mtimeMs: mtime?.getTime() ?? -1, hash: "", diagnostics };
  const history = ctx.history();
  if (known && sameStory(known, hashBytes(bytes), mtime.getTime(), history)) return "same";
  return entryFromBytes(file, bytes, mtime.getTime(), ctx.config, history);
}

/** A file's stat, or undefined when it is gone or cannot be looked at. */
export function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The signatures of story files now (see `signature`); undefined for a file that is gone. */
export function signaturesOf(stories: string, files: readonly string[]): Map<string, string | undefined> {
  return new Map(files.map((f) => {
    const st = statOrNothing(join(stories, f));
    return [f, st && signature(st)];
  }));
}

/** The files read as `read` that have moved since (size or time), with their signatures now. */
export function movedSince(stories: string, read: readonly Entry[]): [file: string, sig: string][] {
  return read.flatMap((e) => {
    const st = statOrNothing(join(stories, e.file));
    return !st || sameStat(st, e) ? [] : [[e.file, signature(st)] as [string, string]];
  });
}
