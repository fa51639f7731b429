import { spawn } from "node:child_process";
import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { nextEmbargo } from "./archive.js";
import { folders, intactFingerprints, scan } from "./build.js";
import { cacheKey, loadCache } from "./cache.js";
import { Catalog } from "./catalog.js";
import type { Config } from "./config.js";
import { formatText, type Diagnostic } from "./diagnostics.js";
import { publish, type PagePlan, type PublishResult } from "./feeds.js";
import { entryFromBytes, hashBytes, sameFacts, type Entry, type FileHistory } from "./load.js";
import { loadFirstSeen, saveFirstSeen } from "./first-seen.js";
import { ChangeQueue, type Change, type FileEvent } from "./queue.js";
import { listStories, readStorySync, timedByFile } from "./read.js";
import type { Release } from "./rules.js";
import type { Story } from "./story.js";
import { startAdapter, type Adapter } from "./watch/adapter.js";
import { pollInterval, remoteWarning } from "./watch/mode.js";
import { applyChanges, hasEffects, noEffects, reconcile, type Effects, type Loaded } from "./watch/apply.js";
import { clockTime, describeRebuild, type RebuildReport } from "./watch/report.js";
import { Rest } from "./watch/rest.js";
import { VERSION } from "./version.js";
import { markWriting } from "./write.js";

/** A cold start over this many story files builds in a child process (see build-child.ts). */
const CHILD_BUILD_FROM = 2000;

/**
 * Runs one build in a child process (I/O). False if it could not run (say, from TypeScript
 * sources, where there is no compiled child to start): the watcher then builds in process.
 */
function buildInChild(config: Config, stories: string, out: string, now: Date): Promise<boolean> {
  const script = new URL("./build-child.js", import.meta.url);
  if (!isFile(script)) return Promise.resolve(false);
  return new Promise((resolve) => {
    // In a process group of its own, so Ctrl-C at the terminal does not cut the build short and
    // leave the watcher to build everything again itself: the build finishes (its writes are
    // atomic either way), as the first build in process would.
    const child = spawn(process.execPath, [fileURLToPath(script)], { stdio: ["pipe", "ignore", "ignore"], detached: true });
    child.once("error", () => resolve(false));
    child.once("exit", (code) => resolve(code === 0));
    child.stdin.end(JSON.stringify({ config, stories, out, now: now.toISOString() }));
  });
}

function isFile(url: URL): boolean {
  try {
    return statSync(url).isFile();
  } catch {
    return false;
  }
}

export type { RebuildReport } from "./watch/report.js";

export interface WatchOptions {
  config: Config;
  /** Stories folder; default `config.stories`. */
  stories?: string;
  /** Output folder; default `config.output`. Ignored by the watcher even inside the stories folder. */
  out?: string;
  /** The clock rules such as embargoes are judged by; default the system clock. */
  now?: () => Date;
  /** Where the lines go: one per rebuild, then each new diagnostic; default `console.log`. */
  log?: (line: string) => void;
  /**
   * Called after every rebuild: the first build, each batch of file events that changed a story
   * file's content (events that changed nothing, such as a touch, rebuild nothing), each wake-up.
   */
  onRebuild?: (report: RebuildReport) => void;
  /**
   * How long a story file written in place must keep the same size, modification time and inode
   * before it is read, in milliseconds: the watcher's own check that a write has finished. A file
   * renamed in whole is read without waiting. Default `config.watch.settle`.
   */
  awaitWriteFinishMs?: number;
  /**
   * Poll the stories folder (true: every `DEFAULT_POLL_MS`; a number: every so many milliseconds)
   * instead of waiting for file-system events, for shares that send none for other machines'
   * writes. Default `config.watch.poll`.
   */
  poll?: boolean | number;
  /**
   * The full garbage collection run once the watcher rests after a rebuild (see `Rest`); default
   * V8's own, where the runtime offers it.
   */
  collector?: () => (() => void) | undefined;
}

/** A running watcher, from {@link watch}. */
export interface Watcher {
  /** Every story file as last read, kept up to date. */
  readonly catalog: Catalog;
  /** Resolved stories and output folders. */
  readonly stories: string;
  readonly out: string;
  /** When the watcher wakes by itself next (the next embargo to lift), if ever. */
  readonly nextWake: Date | undefined;
  /** The polling interval in milliseconds, or undefined when file-system events are used. */
  readonly poll: number | undefined;
  /** Resolves when no rebuild is queued, waiting or running. */
  idle(): Promise<void>;
  /** Stops watching; a rebuild in progress finishes (its files are written) first. */
  close(): Promise<void>;
}

/** Events must stop for this long before a rebuild starts: a rename's unlink and add, a burst. */
const QUIET_MS = 10;
/**
 * A removal waits this long for company, so that what follows it applies in the same rebuild: an
 * editor's save (rename the old file away, write the new one), a folder moved (its files are
 * listed after the move is seen), a rename seen in two steps. A story renamed or saved under the
 * same id then never leaves the feeds, even for an instant.
 */
const UNLINK_GRACE_MS = 100;
/** …but a steady stream of events waits no longer than this. */
const MAX_WAIT_MS = 300;
/** A rebuild held back by a file still being written waits at most this long for it. */
const MAX_HOLD_MS = 1000;
/**
 * Files read are checked once more this long after, and read again if they moved: a safety net
 * for file-system events that never arrive (an inotify queue overflow is not reported).
 */
const VERIFY_MS = 75;
/** How often a vanished stories folder is looked for. */
const ROOT_POLL_MS = 250;
/** Timers longer than this are re-armed on waking (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 86_400_000;
/** Wake this long after an embargo, so the embargo has lifted by the clock's judgement. */
const WAKE_SLACK_MS = 5;

/** What the watcher last saw of a changed file: its signature, since when, and how it came. */
interface Seen {
  sig: string;
  /** performance.now() when this signature was first seen. */
  at: number;
  /** Only renamed (moved) in since it was last read, never written, and not empty: read at once. */
  whole: boolean;
}

const sig = (st: Stats) => `${st.size}:${st.mtimeMs}:${st.ino}`;
const sameTime = (a: number, b: number) => Math.abs(a - b) < 1;
const statOf = (path: string) => statSync(path, { throwIfNoEntry: false });
const isDirectory = (path: string) => {
  try {
    return statOf(path)?.isDirectory() ?? false;
  } catch {
    return false;
  }
};

/**
 * Builds the feeds once, then watches the stories folder and rebuilds incrementally: each added
 * or changed story file is read again (once its write has finished), a removed one dropped, and
 * only feeds whose selection changed are rendered and only changed files written. Events that
 * arrive during a rebuild are merged into the next. A story edited into an invalid state keeps
 * its last good version in the feeds. A timer wakes the watcher when the next embargo lifts.
 * Never throws after starting; problems are logged.
 * @example const w = await watch({ config, stories: "stories", out: "output" }); …; await w.close();
 */
export async function watch(options: WatchOptions): Promise<Watcher> {
  const w = new FolderWatcher(options);
  await w.start();
  return w;
}

class FolderWatcher implements Watcher {
  readonly stories: string;
  readonly out: string;
  catalog: Catalog;
  nextWake: Date | undefined;

  private readonly config: Config;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly onRebuild?: (r: RebuildReport) => void;
  private readonly settleMs: number;
  /**
   * How long a removal waits for company: when polling, the new name of a renamed file is seen by
   * its folder's poll, which may come up to an interval after the old name's poll saw it go.
   */
  private readonly unlinkGraceMs: number;
  /** How long a steady stream of events may put a rebuild off (longer by the interval when polling). */
  private readonly maxWaitMs: number;
  readonly poll: number | undefined;

  private readonly queue = new ChangeQueue();
  /** The last size/mtime/inode seen per changed file, since when, and whether it came whole. */
  private readonly seen = new Map<string, Seen>();
  private lastEventAt = 0;
  /** When a pending file last changed size, time or inode (performance.now()). */
  private lastWriteAt = 0;
  private lastUnlinkAt = -Infinity;
  private pendingSince: number | undefined;
  private holdSince: number | undefined;
  /** When the files held back as still being written may have settled; news of others comes first. */
  private retryAt = 0;
  private held = new Set<string>();

  private adapter: Adapter | undefined;
  /** Removes this watcher's mark from the output folder (see `markWriting`). */
  private unmark: (() => void) | undefined;
  private realRoot = "";
  private fingerprints = new Map<string, string>();
  private pages = new Map<string, PagePlan>();
  private released = new Map<string, Release>();
  private printed = new Set<string>();
  private listing: Diagnostic[] = [];
  /** When a build first saw each raw story (the build state's; see first-seen.ts), and whether a new one is to be saved. */
  private firstSeen = new Map<string, number>();
  private firstSeenChanged = false;

  private running: Promise<void> | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private rootTimer: NodeJS.Timeout | undefined;
  private readonly verifyTimers = new Set<NodeJS.Timeout>();
  private readonly rest: Rest;
  private missing = false;
  private rootSuspect = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(options: WatchOptions) {
    const dirs = folders(options);
    this.stories = dirs.stories;
    this.out = dirs.out;
    this.config = options.config;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => console.log(line));
    this.onRebuild = options.onRebuild;
    this.settleMs = options.awaitWriteFinishMs ?? this.config.watch.settle;
    this.poll = pollInterval(options.poll ?? this.config.watch.poll);
    this.unlinkGraceMs = UNLINK_GRACE_MS + (this.poll ?? 0);
    this.maxWaitMs = MAX_WAIT_MS + (this.poll ?? 0);
    this.catalog = new Catalog(this.config, this.stories);
    this.rest = new Rest(() => this.running !== undefined, options.collector);
  }

  /** The first build; events arriving meanwhile wait in the queue. */
  async start(): Promise<void> {
    // As `build` is: marked while it writes, after tidying what a writer killed mid-write left.
    this.unmark = markWriting(this.out);
    this.running = this.first().catch((err) => {
      this.log(`wirefeed: the first build failed: ${message(err)}; watching on, and reading the folder again`);
      this.queue.requestRescan();
    });
    await this.running;
    this.running = undefined;
    this.schedule();
  }

  private async first(): Promise<void> {
    if (!isDirectory(this.stories)) {
      this.log(`wirefeed: the stories folder ${this.stories} does not exist; waiting for it`);
      this.goMissing(false);
      return;
    }
    this.realRoot = realpathSync(this.stories);
    this.adapter = await this.startAdapter();
    const remote = await remoteWarning(this.stories, this.poll);
    if (remote) this.log(remote);
    const started = performance.now();
    const now = this.now();
    // The last build's cache, read only: unchanged files are not parsed again, and the version
    // rule judges edits against what that build released, as `build` would. A large archive
    // without one is built first in a child process (see build-child.ts), which leaves one.
    const key = cacheKey(this.config, VERSION);
    let cache = loadCache(this.out, key);
    if (cache.entries.size === 0 && (await listStories(this.stories, this.out)).files.length >= CHILD_BUILD_FROM) {
      if (await buildInChild(this.config, this.stories, this.out, now)) cache = loadCache(this.out, key);
    }
    this.released = cache.released;
    // Feeds whose files are as that build left them are not rendered again.
    this.fingerprints = intactFingerprints(this.out, cache);
    const scanned = await scan({ config: this.config, stories: this.stories, out: this.out, now }, cache, loadFirstSeen(this.out));
    const { catalog, read, listing } = scanned;
    if (scanned.firstSeen) await saveFirstSeen(this.out, scanned.firstSeen);
    this.firstSeen = scanned.firstSeen ?? loadFirstSeen(this.out);
    this.catalog = catalog;
    this.listing = listing;
    const effects = noEffects();
    for (const e of catalog.all()) if (!e.story) effects.failed.push(e.file);
    await this.publishAndReport("start", effects, now, started, read);
  }

  private startAdapter(): Promise<Adapter> {
    return startAdapter(this.stories, this.out, {
      hint: (file, moved) => this.onHint(file, moved),
      folderAdded: (folder) => void this.onFolderAdded(folder),
      folderRemoved: (folder) => {
        for (const e of [...this.catalog.all()]) if (e.file.startsWith(`${folder}/`)) this.onEvent("unlink", e.file);
      },
      rootGone: () => {
        this.rootSuspect = true;
        this.schedule();
      },
      error: (err) => this.log(`wirefeed: watching: ${err.message}`),
    }, { poll: this.poll });
  }

  private onEvent(event: FileEvent, file: string, stats?: Stats, moved = false): void {
    if (this.closed || this.missing) return;
    this.rest.cancel();
    const t = performance.now();
    const prev = this.seen.get(file);
    // A file that only ever moved in since it was last read (renamed in, as careful tools write)
    // arrived whole and need not settle; one write event, or an empty file, and it must.
    const whole = moved && (prev?.whole ?? true) && (stats?.size ?? 0) > 0;
    if (event === "unlink") {
      this.seen.delete(file);
      this.lastUnlinkAt = t;
    } else if (!stats || prev?.sig !== sig(stats)) {
      if (stats) this.seen.set(file, { sig: sig(stats), at: t, whole });
      else this.seen.delete(file);
      if (!whole) this.lastWriteAt = t;
    } else if (prev.whole && !whole) {
      prev.whole = false;
      this.lastWriteAt = Math.max(this.lastWriteAt, prev.at);
    }
    if (!this.held.has(file)) this.retryAt = 0;
    this.queue.push(file, event);
    this.lastEventAt = t;
    this.pendingSince ??= t;
    this.schedule();
  }

  /** Something happened to a story path (a hint from the adapter): look at it to learn what. */
  private onHint(file: string, moved = false): void {
    if (this.closed || this.missing) return;
    let st: Stats | undefined;
    try {
      st = statOf(join(this.stories, file));
    } catch {
      // No stat at all (permissions): reading it will say why.
      return this.onEvent(this.catalog.lastRead(file) ? "change" : "add", file);
    }
    if (!st) this.onEvent("unlink", file);
    else if (st.isFile()) this.onEvent(this.catalog.lastRead(file) ? "change" : "add", file, st, moved);
  }

  /** A folder appeared (created, or moved in whole): each story file in it is news. */
  private async onFolderAdded(folder: string): Promise<void> {
    const listed = await listStories(join(this.stories, folder), this.out).catch(() => undefined);
    for (const f of listed?.files ?? []) this.onHint(`${folder}/${f.file}`);
  }

  /** Arms the rebuild timer for when the pending events are due, or reports idleness. */
  private schedule(): void {
    if (this.closed || this.running || this.missing) return;
    if (this.queue.empty && !this.rootSuspect) {
      clearTimeout(this.tickTimer);
      this.tickTimer = undefined;
      this.notifyIdle();
      return;
    }
    const t = performance.now();
    let due = Math.max(this.lastEventAt + QUIET_MS, this.lastWriteAt + this.settleMs, this.lastUnlinkAt + this.unlinkGraceMs);
    if (this.pendingSince !== undefined) due = Math.min(due, this.pendingSince + this.maxWaitMs);
    due = Math.max(due, this.retryAt);
    clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, due - t));
  }

  private tick(): void {
    this.tickTimer = undefined;
    if (this.closed || this.running || this.missing) return;
    this.running = this.rebuild()
      .catch((err) => this.log(`${clockTime(this.now())}  rebuild failed: ${message(err)}; retrying with the next change`))
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  /** One rebuild: the pending batch, once every file in it has stopped changing. */
  private async rebuild(): Promise<void> {
    if (!isDirectory(this.stories)) {
      this.goMissing(true);
      return;
    }
    this.rootSuspect = false;
    const since = this.pendingSince;
    this.pendingSince = undefined;
    const batch = this.queue.take();
    if (batch.changes.size === 0 && !batch.rescan && !batch.wake) return;
    const held = this.stillChanging(batch.changes);
    const t = performance.now();
    if (held.length > 0) {
      this.holdSince ??= t;
      this.held = new Set(held);
      // The first of them to have settled, if none moves meanwhile (any event brings it forward).
      const settled = Math.min(...held.map((f) => (this.seen.get(f)?.at ?? t) + this.settleMs));
      this.retryAt = t - this.holdSince < MAX_HOLD_MS ? Math.min(settled, this.holdSince + MAX_HOLD_MS) : settled;
      if (t - this.holdSince < MAX_HOLD_MS) {
        // Hold the whole batch, so a rename's removal waits for its (still written) new name.
        this.queue.putBack(batch);
        this.pendingSince = Math.min(since ?? t, this.pendingSince ?? t);
        return;
      }
      this.queue.putBack({ changes: new Map(held.map((f) => [f, batch.changes.get(f)!])) });
      for (const f of held) batch.changes.delete(f);
      this.pendingSince ??= t;
    } else {
      this.holdSince = undefined;
      this.held.clear();
    }
    const started = performance.now();
    const changes = new Map(batch.changes);
    const quick = new Set<string>();
    if (batch.rescan) {
      this.realRoot = realpathSync(this.stories);
      const listed = await listStories(this.stories, this.out);
      this.listing = listed.diagnostics;
      for (const [file, change] of reconcile(this.catalog, listed.files.map((f) => f.file))) {
        if (!changes.has(file)) {
          changes.set(file, change);
          quick.add(file);
        }
      }
    }
    const effects = await applyChanges(this.catalog, changes, async (file) => this.load(file, quick.has(file)));
    this.verifyLater(effects.read);
    if (this.firstSeenChanged) {
      this.firstSeenChanged = false;
      await saveFirstSeen(this.out, this.firstSeen);
    }
    // Events that changed nothing (a touch, a file saved with the same bytes): nothing to publish.
    if (!batch.rescan && !batch.wake && !hasEffects(effects)) return;
    const trigger = batch.rescan ? "rescan" : hasEffects(effects) ? "files" : "wake";
    await this.publishAndReport(trigger, effects, this.now(), started, this.catalog.size);
  }

  /**
   * The files among `changes` whose size, modification time or inode moved within the last
   * `settleMs`, or since the last event; a file that came whole is held only for the latter.
   */
  private stillChanging(changes: ReadonlyMap<string, Change>): string[] {
    const reads = [...changes].filter(([, c]) => c !== "unlink").map(([f]) => f);
    const stats = reads.map((f) => {
      try {
        return statOf(join(this.stories, f));
      } catch {
        return undefined;
      }
    });
    const t = performance.now();
    const held: string[] = [];
    reads.forEach((file, i) => {
      const st = stats[i];
      if (!st) return; // gone: reading it will say so
      const seen = this.seen.get(file);
      if (seen?.sig !== sig(st)) {
        this.seen.set(file, { sig: sig(st), at: t, whole: false });
        held.push(file);
      } else if (!seen.whole && t - seen.at < this.settleMs) {
        held.push(file);
      }
    });
    return held;
  }

  /**
   * Reads one story file for the catalog (synchronously: a few kilobytes, read faster in one go
   * than through a thread pool other work may be waiting on). `"same"` when the bytes are those
   * last read; `quick` (a re-listing) trusts an unchanged size and modification time instead.
   */
  private load(file: string, quick: boolean): Loaded {
    const path = join(this.stories, file);
    let st: Stats;
    try {
      st = lstatSync(path);
      if (st.isSymbolicLink()) {
        const target = realpathSync(path);
        if (!(target === this.realRoot || target.startsWith(this.realRoot + sep))) {
          this.log(formatText({ file, line: 1, column: 1, severity: "warning", rule: "symlink-outside", message: "a symbolic link leading out of the stories folder is not followed" }));
          return "gone";
        }
      } else if (!st.isFile()) {
        return "gone";
      }
    } catch {
      return "gone"; // vanished, or a dangling link
    }
    this.seen.delete(file);
    const known = this.catalog.lastRead(file);
    if (quick && known && known.size === st.size && sameTime(known.mtimeMs, st.mtimeMs)) return "same";
    const { bytes, mtime, size, diagnostics } = readStorySync({ file, path }, this.config.maxBytes);
    if (diagnostics.some((d) => d.rule === "file-vanished")) return "gone";
    if (!bytes || !mtime) return { file, size: size ?? -1, mtimeMs: mtime?.getTime() ?? -1, hash: "", diagnostics };
    const history = this.historyOf(file, known);
    const mtimeMs = known && sameTime(known.mtimeMs, mtime.getTime()) ? known.mtimeMs : mtime.getTime();
    if (known && known.hash === hashBytes(bytes) && sameFacts(known, mtimeMs, history)) return "same";
    return entryFromBytes(file, bytes, mtime.getTime(), this.config, history);
  }

  /**
   * What dates a raw story besides its text: its first commit as the start's scan found it, and
   * when a build first saw it, now for a file new to the build state (saved with the next publish).
   */
  private historyOf(file: string, known: Entry | undefined): FileHistory {
    if (!timedByFile(file)) return {};
    let firstSeen = this.firstSeen.get(file);
    if (firstSeen === undefined) {
      firstSeen = this.now().getTime();
      this.firstSeen.set(file, firstSeen);
      this.firstSeenChanged = true;
    }
    return { committed: known?.committed, firstSeen };
  }

  /** Looks at the files just read once more, a little later; re-queues any that moved meanwhile. */
  private verifyLater(read: readonly Entry[]): void {
    const files = read.filter((e) => e.hash !== "");
    if (files.length === 0 || this.closed) return;
    const timer = setTimeout(() => {
      this.verifyTimers.delete(timer);
      if (this.closed || this.missing) return this.notifyIdle();
      const stats = files.map((e) => {
        try {
          return statOf(join(this.stories, e.file));
        } catch {
          return undefined;
        }
      });
      const t = performance.now();
      files.forEach((e, i) => {
        const st = stats[i];
        if (!st || (st.size === e.size && sameTime(st.mtimeMs, e.mtimeMs))) return;
        this.seen.set(e.file, { sig: sig(st), at: t, whole: false });
        this.queue.push(e.file, "change");
        this.lastWriteAt = Math.max(this.lastWriteAt, t);
        this.pendingSince ??= t;
      });
      this.schedule();
    }, VERIFY_MS);
    this.verifyTimers.add(timer);
  }

  private async publishAndReport(trigger: RebuildReport["trigger"], effects: Effects, now: Date, started: number, files: number): Promise<void> {
    const { stories, diagnostics } = this.catalog.resolve();
    const result: PublishResult = await publish(this.catalog, stories, this.out, now, this.fingerprints, this.released, { pages: this.pages });
    this.fingerprints = result.fingerprints;
    this.pages = result.pages;
    this.released = result.released;
    const previousWake = this.nextWake;
    this.armWake(stories, now);
    const all = new Map([...this.listing, ...diagnostics].map((d) => [formatText(d), d]));
    const fresh = [...all].filter(([line]) => !this.printed.has(line)).map(([, d]) => d);
    this.printed = new Set(all.keys());
    const report: RebuildReport = {
      at: now, trigger,
      added: effects.added, changed: effects.changed, removed: effects.removed,
      kept: effects.kept, failed: effects.failed, fixed: effects.fixed,
      written: result.written, unchanged: result.unchanged,
      files, published: result.published,
      diagnostics: fresh, nextWake: this.nextWake,
      ms: performance.now() - started,
    };
    this.log(describeRebuild(report, previousWake));
    for (const d of fresh) this.log(formatText(d));
    this.rest.rebuilt();
    this.onRebuild?.(report);
  }

  /** Sets the timer for the next time-based change (the next embargo), replacing the last one. */
  private armWake(stories: readonly Story[], now: Date): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.nextWake = nextEmbargo(stories, now);
    if (!this.nextWake || this.closed) return;
    const delay = Math.min(MAX_TIMER_MS, this.nextWake.getTime() - now.getTime() + WAKE_SLACK_MS);
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.queue.requestWake();
      this.pendingSince ??= performance.now();
      this.schedule();
    }, Math.max(0, delay));
  }

  /** The stories folder is gone: keep the feeds as they are and look for it until it returns. */
  private goMissing(announce: boolean): void {
    if (this.missing || this.closed) return;
    this.missing = true;
    this.queue.take();
    this.seen.clear();
    this.rootSuspect = false;
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    if (announce) {
      this.log(`${clockTime(this.now())}  the stories folder ${this.stories} is gone; the feeds keep their ` +
        `${this.catalog.size} story file${this.catalog.size === 1 ? "" : "s"} until it comes back`);
    }
    const adapter = this.adapter;
    this.adapter = undefined;
    void adapter?.close().catch(() => undefined);
    const look = async () => {
      this.rootTimer = undefined;
      if (this.closed) return;
      if (isDirectory(this.stories)) await this.comeBack();
      else if (!this.closed) this.rootTimer = setTimeout(look, ROOT_POLL_MS);
    };
    this.rootTimer = setTimeout(look, ROOT_POLL_MS);
    this.notifyIdle();
  }

  /** The stories folder is back: watch it again and reconcile the catalog with it. */
  private async comeBack(): Promise<void> {
    let adapter: Adapter;
    try {
      adapter = await this.startAdapter();
    } catch (err) {
      this.log(`wirefeed: cannot watch ${this.stories} yet: ${message(err)}`);
      if (!this.closed) this.rootTimer = setTimeout(() => void this.comeBack(), ROOT_POLL_MS);
      return;
    }
    if (this.closed) return void (await adapter.close());
    this.adapter = adapter;
    this.missing = false;
    this.log(`${clockTime(this.now())}  the stories folder ${this.stories} is back; reading it again`);
    this.queue.requestRescan();
    this.pendingSince ??= performance.now();
    this.schedule();
  }

  private isIdle(): boolean {
    return !this.running && !this.tickTimer && this.queue.empty && !this.rootSuspect && this.verifyTimers.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  idle(): Promise<void> {
    if (this.isIdle() || this.closed) return Promise.resolve();
    return new Promise((done) => this.idleWaiters.push(done));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.rest.cancel();
      for (const t of [this.tickTimer, this.wakeTimer, this.rootTimer, ...this.verifyTimers]) clearTimeout(t);
      this.verifyTimers.clear();
      this.tickTimer = this.wakeTimer = this.rootTimer = undefined;
      await this.adapter?.close().catch(() => undefined);
      this.adapter = undefined;
      await this.running;
      this.unmark?.();
      this.notifyIdle();
    })();
    return this.closing;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
