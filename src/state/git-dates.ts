/**
 * When each story file was first committed, read from git in one process for the whole stories
 * folder (as Hugo's `enableGitInfo` reads a site's history): a raw story with no date in its text
 * or name is dated by it, which is the same on every clone. I/O at the edge; the parsing is pure.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gitIndexAsRecorded, isRacy, statEntry } from "./record.js";

/** What git says of the stories folder's history. */
export interface GitDates {
  /** First commit's author time (ms) of each file, by path relative to the stories folder. */
  committed: Map<string, number>;
  /**
   * The repository's index file as it was before git was asked (path, size, time): every
   * `git add`, commit, checkout or pull rewrites it, so a record holding it is not trusted once
   * the history may date a story otherwise.
   */
  index?: [file: string, size: number, mtimeMs: number];
}

/** Big enough for the names of a few hundred thousand files. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * The first commit of every file under `stories` that git knows (I/O: one `git log`). Renames are
 * followed, so a story moved into another folder keeps its first commit. Fails soft: without git,
 * outside a repository, or on any error, the map is empty and the stories fall back to the next
 * source. Files added by the oldest commit of a shallow clone (`grafted`) are left out, since
 * their real first commit is not in the clone.
 */
export function gitDates(stories: string): GitDates {
  const file = gitIndex(stories);
  if (file === undefined) return { committed: new Map() }; // not in a repository: no process at all
  const index = statEntry(file);
  const run = spawnSync("git", [
    "-c", "log.showSignature=false", "log", "--reverse", "-z", "--format=%x00%aI%x00%D", "--name-status",
    "-M", "--diff-filter=AR", "--relative", "--", ".",
  ], { cwd: stories, encoding: "utf8", maxBuffer: MAX_OUTPUT, stdio: ["ignore", "pipe", "ignore"], windowsHide: true });
  if (run.error || run.status !== 0 || typeof run.stdout !== "string") return { committed: new Map(), index };
  return { committed: parseGitLog(run.stdout), index };
}

/**
 * The commit dates a record kept, when they still hold (I/O: a few stats, no process): the
 * stories folder is in the repository whose index the record saw (see `Head.git`), that index is
 * as it was (see `gitIndexAsRecorded`) and was not rewritten just before the record was (see
 * `isRacy`), and `known` gives the date (or none) of every file asked about. Undefined otherwise:
 * the caller asks git. A build after one story was edited so starts no process (#20).
 */
export function recordedGitDates(
  stories: string, git: [file: string, size: number, mtimeMs: number], writtenAt: number,
  files: readonly string[], known: (file: string) => { committed?: number } | undefined,
): GitDates | undefined {
  if (gitIndex(stories) !== git[0] || isRacy(git[2], writtenAt) || !gitIndexAsRecorded(git)) return undefined;
  const committed = new Map<string, number>();
  for (const file of files) {
    const entry = known(file);
    if (!entry) return undefined;
    if (entry.committed !== undefined) committed.set(file, entry.committed);
  }
  return { committed, index: git };
}

/**
 * Parses `git log --reverse -z --format=%x00%aI%x00%D --name-status` (pure): every commit is
 * NUL, date, NUL, decorations, NUL, then `A\0path\0` or `R100\0old\0new\0` entries (the first
 * status after a newline). Oldest first, so the first `A` of a path is its first commit, and a
 * rename carries the old path's date to the new one.
 */
export function parseGitLog(out: string): Map<string, number> {
  const tokens = out.split("\0");
  const first = new Map<string, number>();
  const unknown = new Set<string>(); // added by a grafted commit: first commit not in this clone
  let at = NaN;
  let grafted = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "") {
      if (i + 2 >= tokens.length) break;
      at = Date.parse(tokens[i + 1]!);
      grafted = /(?:^|, )grafted(?:,|$)/.test(tokens[i + 2]!);
      i += 2;
      continue;
    }
    const status = t.replace(/^\n/, "");
    if (status === "A") {
      const path = tokens[++i];
      if (path === undefined || first.has(path) || unknown.has(path)) continue;
      if (grafted || Number.isNaN(at)) unknown.add(path);
      else first.set(path, at);
    } else if (/^R\d*$/.test(status)) {
      const from = tokens[++i];
      const to = tokens[++i];
      if (from === undefined || to === undefined || first.has(to) || unknown.has(to)) continue;
      const date = first.get(from);
      if (date !== undefined) first.set(to, date);
      else if (grafted || unknown.has(from) || Number.isNaN(at)) unknown.add(to);
      else first.set(to, at); // renamed in from outside the folder: first committed here
    }
  }
  return first;
}

/**
 * The index file of the git repository holding `dir`, found without running git: the nearest
 * `.git` folder, or a `.git` file (a worktree or submodule) pointing at its git directory.
 */
export function gitIndex(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, ".git");
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return join(dotGit, "index");
    if (st?.isFile()) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
      if (m) return join(resolve(d, m[1]!), "index");
    }
    if (dirname(d) === d) return undefined;
  }
}
