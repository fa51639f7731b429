import type { Stats } from "node:fs";
import { lstat, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { nextEmbargo } from "./archive.js";
import { folders, scan } from "./build.js";
import { Catalog } from "./catalog.js";
import type { Config } from "./config.js";
import { formatText, type Diagnostic } from "./diagnostics.js";
import { publish, type PublishResult } from "./feeds.js";
import { loadEntry, type Entry } from "./load.js";
import { ChangeQueue, type Change, type FileEvent } from "./queue.js";
import { listStories } from "./read.js";
import type { Story } from "./story.js";
import { startAdapter, type Adapter } from "./watch/adapter.js";
import { applyChanges, noEffects, reconcile, type Effects, type Loaded } from "./watch/apply.js";
import { clockTime, describeRebuild, type RebuildReport } from "./watch/report.js";

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
  /** Called after every rebuild, the first build included. */
  onRebuild?: (report: RebuildReport) => void;
  /**
   * How long a changed story file must keep the same size and modification time before it is
   * read, in milliseconds (default 25): the watcher's own check that a write has finished.
   */
  awaitWriteFinishMs?: number;
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
  /** Resolves when no rebuild is queued, waiting or running. */
  idle(): Promise<void>;
  /** Stops watching; a rebuild in progress finishes (its files are written) first. */
  close(): Promise<void>;
}

/** Events must stop for this long before a rebuild starts: a rename's unlink and add, a burst. */
const QUIET_MS = 10;
/** …but a steady stream of events waits no longer than this. */
const MAX_WAIT_MS = 300;
/** A rebuild held back by a file still being written waits at most this long for it. */
const MAX_HOLD_MS = 1000;
/**
 * Files read are checked once more this long after: chokidar drops a file's `change` events for
 * 50 ms after one it reports, so a write landing just after a read would otherwise go unseen.
 */
const VERIFY_MS = 75;
/** How often a vanished stories folder is looked for. */
const ROOT_POLL_MS = 250;
/** Timers longer than this are re-armed on waking (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 86_400_000;
/** Wake this long after an embargo, so the embargo has lifted by the clock's judgement. */
const WAKE_SLACK_MS = 5;

const sig = (st: Stats) => `${st.size}:${st.mtimeMs}:${st.ino}`;
const sameTime = (a: number, b: number) => Math.abs(a - b) < 1;
const isDirectory = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

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

  private readonly queue = new ChangeQueue();
  /** The last size/mtime/inode seen per changed file, and since when (performance.now()). */
  private readonly seen = new Map<string, { sig: string; at: number }>();
  private lastEventAt = 0;
  private lastWriteAt = 0;
  private pendingSince: number | undefined;
  private holdSince: number | undefined;
  private retryAt = 0;

  private adapter: Adapter | undefined;
  private realRoot = "";
  private fingerprints = new Map<string, string>();
  private printed = new Set<string>();
  private listing: Diagnostic[] = [];

  private running: Promise<void> | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private rootTimer: NodeJS.Timeout | undefined;
  private readonly verifyTimers = new Set<NodeJS.Timeout>();
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
    this.settleMs = options.awaitWriteFinishMs ?? 25;
    this.catalog = new Catalog(this.config, this.stories);
  }

  /** The first build; events arriving meanwhile wait in the queue. */
  async start(): Promise<void> {
    this.running = this.first().catch((err) => this.log(`wirefeed: the first build failed: ${message(err)}; watching on`));
    await this.running;
    this.running = undefined;
    this.schedule();
  }

  private async first(): Promise<void> {
    if (!(await isDirectory(this.stories))) {
      this.log(`wirefeed: the stories folder ${this.stories} does not exist; waiting for it`);
      this.goMissing(false);
      return;
    }
    this.realRoot = await realpath(this.stories);
    this.adapter = await this.startAdapter();
    const started = performance.now();
    const now = this.now();
    const { catalog, read, listing } = await scan({ config: this.config, stories: this.stories, out: this.out, now });
    this.catalog = catalog;
    this.listing = listing;
    const effects = noEffects();
    for (const e of catalog.all()) if (!e.story) effects.failed.push(e.file);
    await this.publishAndReport("start", effects, now, started, read);
  }

  private startAdapter(): Promise<Adapter> {
    return startAdapter(this.stories, this.out, {
      event: (event, file, stats) => this.onEvent(event, file, stats),
      rootGone: () => {
        this.rootSuspect = true;
        this.schedule();
      },
      error: (err) => this.log(`wirefeed: watching: ${err.message}`),
    });
  }

  private onEvent(event: FileEvent, file: string, stats?: Stats): void {
    if (this.closed || this.missing) return;
    const t = performance.now();
    if (event === "unlink" || !stats) this.seen.delete(file);
    else if (this.seen.get(file)?.sig !== sig(stats)) this.seen.set(file, { sig: sig(stats), at: t });
    this.queue.push(file, event);
    this.lastEventAt = t;
    if (event !== "unlink") this.lastWriteAt = t;
    this.pendingSince ??= t;
    this.schedule();
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
    let due = Math.max(this.lastEventAt + QUIET_MS, this.lastWriteAt + this.settleMs);
    if (this.pendingSince !== undefined) due = Math.min(due, this.pendingSince + MAX_WAIT_MS);
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
    if (!(await isDirectory(this.stories))) {
      this.goMissing(true);
      return;
    }
    this.rootSuspect = false;
    const since = this.pendingSince;
    this.pendingSince = undefined;
    const batch = this.queue.take();
    if (batch.changes.size === 0 && !batch.rescan && !batch.wake) return;
    const held = await this.stillChanging(batch.changes);
    const t = performance.now();
    if (held.length > 0) {
      this.holdSince ??= t;
      this.retryAt = t + this.settleMs;
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
    }
    const started = performance.now();
    const changes = new Map(batch.changes);
    const quick = new Set<string>();
    if (batch.rescan) {
      this.realRoot = await realpath(this.stories);
      const listed = await listStories(this.stories, this.out);
      this.listing = listed.diagnostics;
      for (const [file, change] of reconcile(this.catalog, listed.files.map((f) => f.file))) {
        if (!changes.has(file)) {
          changes.set(file, change);
          quick.add(file);
        }
      }
    }
    const effects = await applyChanges(this.catalog, changes, (file) => this.load(file, quick.has(file)));
    this.verifyLater(effects.read);
    const trigger = batch.rescan ? "rescan" : batch.changes.size > 0 ? "files" : "wake";
    await this.publishAndReport(trigger, effects, this.now(), started, this.catalog.size);
  }

  /** The files among `changes` whose size or modification time moved within the last `settleMs`. */
  private async stillChanging(changes: ReadonlyMap<string, Change>): Promise<string[]> {
    const reads = [...changes].filter(([, c]) => c !== "unlink").map(([f]) => f);
    const stats = await Promise.all(reads.map((f) => stat(join(this.stories, f)).catch(() => undefined)));
    const t = performance.now();
    const held: string[] = [];
    reads.forEach((file, i) => {
      const st = stats[i];
      if (!st) return; // gone: reading it will say so
      const seen = this.seen.get(file);
      if (seen?.sig !== sig(st)) {
        this.seen.set(file, { sig: sig(st), at: t });
        held.push(file);
      } else if (t - seen.at < this.settleMs) {
        held.push(file);
      }
    });
    return held;
  }

  /** Reads one story file for the catalog; `quick` trusts an unchanged size and modification time. */
  private async load(file: string, quick: boolean): Promise<Loaded> {
    const path = join(this.stories, file);
    const st = await lstat(path).catch(() => undefined);
    if (!st) return "gone";
    if (st.isSymbolicLink()) {
      const target = await realpath(path).catch(() => undefined);
      if (!target || !(target === this.realRoot || target.startsWith(this.realRoot + sep))) {
        this.log(formatText({ file, line: 1, column: 1, severity: "warning", rule: "symlink-outside", message: "a symbolic link leading out of the stories folder is not followed" }));
        return "gone";
      }
    } else if (!st.isFile()) {
      return "gone";
    }
    const known = quick ? this.catalog.lastRead(file) : undefined;
    if (known && known.size === st.size && sameTime(known.mtimeMs, st.mtimeMs)) return "same";
    const entry = await loadEntry({ file, path }, this.config);
    if (entry.diagnostics.some((d) => d.rule === "file-vanished")) return "gone";
    this.seen.delete(file);
    return entry;
  }

  /** Looks at the files just read once more after chokidar's change throttle; re-queues any that moved. */
  private verifyLater(read: readonly Entry[]): void {
    const files = read.filter((e) => e.hash !== "");
    if (files.length === 0 || this.closed) return;
    const timer = setTimeout(async () => {
      this.verifyTimers.delete(timer);
      if (this.closed || this.missing) return this.notifyIdle();
      const stats = await Promise.all(files.map((e) => stat(join(this.stories, e.file)).catch(() => undefined)));
      const t = performance.now();
      files.forEach((e, i) => {
        const st = stats[i];
        if (!st || (st.size === e.size && sameTime(st.mtimeMs, e.mtimeMs))) return;
        this.seen.set(e.file, { sig: sig(st), at: t });
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
    const result: PublishResult = await publish(this.catalog, stories, this.out, now, this.fingerprints);
    this.fingerprints = result.fingerprints;
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
      files, published: result.published.size,
      diagnostics: fresh, nextWake: this.nextWake,
      ms: performance.now() - started,
    };
    this.log(describeRebuild(report, previousWake));
    for (const d of fresh) this.log(formatText(d));
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
      if (await isDirectory(this.stories)) await this.comeBack();
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
      for (const t of [this.tickTimer, this.wakeTimer, this.rootTimer, ...this.verifyTimers]) clearTimeout(t);
      this.verifyTimers.clear();
      this.tickTimer = this.wakeTimer = this.rootTimer = undefined;
      await this.adapter?.close().catch(() => undefined);
      this.adapter = undefined;
      await this.running;
      this.notifyIdle();
    })();
    return this.closing;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
