import { realpathSync } from "node:fs";
import { folders, publicationFrom, publishCatalog, recordKey, scan, type Publication } from "../build/pipeline.js";
import type { Config } from "../config/config.js";
import { listStories } from "../ingest/read.js";
import { formatText, type Diagnostic } from "../model/diagnostics.js";
import { markWriting } from "../publish/write.js";
import { loadCache } from "../state/cache.js";
import { Catalog } from "../state/catalog.js";
import type { Adapter } from "./adapter.js";
import { applyChanges, hasEffects, noEffects, withListing, type Effects } from "./apply.js";
import { RawHistory } from "./history.js";
import { Intake } from "./intake.js";
import { loadChanged, signaturesOf } from "./load.js";
import { pollInterval } from "./mode.js";
import type { Watcher, WatchOptions } from "./options.js";
import { ChangeQueue } from "./queue.js";
import { clockTime, describeRebuild, diagnosticLine, freshDiagnostics, type RebuildReport } from "./report.js";
import { Rest } from "./rest.js";
import { isDirectory, RootReturn } from "./root.js";
import { readsOf, Schedule } from "./schedule.js";
import { Wake } from "./wake.js";

export type { RebuildReport, Watcher, WatchOptions } from "./options.js";

/**
 * Builds the feeds once, then watches the stories folder and rebuilds incrementally through the
 * pipeline `build` runs (see build/pipeline.ts): each added or changed story file is read again
 * (once its write has finished, see schedule.ts), a removed one dropped, and only feeds whose
 * selection changed are rendered and only changed files written. Events that arrive during a
 * rebuild are merged into the next. A story edited into an invalid state keeps its last good
 * version in the feeds. A timer wakes the watcher when the next embargo lifts. Never throws after
 * starting; problems are logged. Touches nothing process-wide (see `collector` and `coldBuild`).
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
  readonly poll: number | undefined;
  catalog: Catalog;
  get nextWake(): Date | undefined {
    return this.wake.next;
  }

  private readonly config: Config;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly queue = new ChangeQueue();
  private readonly schedule: Schedule;
  private readonly rest: Rest;
  private readonly intake: Intake;
  private readonly history: RawHistory;
  private adapter: Adapter | undefined;
  /** Removes this watcher's mark from the output folder (see `markWriting`). */
  private unmark: (() => void) | undefined;
  private realRoot = "";
  private publication: Publication = { fingerprints: new Map(), pages: new Map(), released: new Map() };
  private printed = new Set<string>();
  private listing: Diagnostic[] = [];

  private running: Promise<void> | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private readonly wake = new Wake(() => {
    this.queue.requestWake();
    this.schedule.pending(performance.now());
    this.arm();
  });
  /** While the stories folder is gone: what looks for it. */
  private missing: RootReturn | undefined;
  private rootSuspect = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WatchOptions) {
    const dirs = folders(options);
    this.stories = dirs.stories;
    this.out = dirs.out;
    this.config = options.config;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? ((line) => console.log(line));
    this.poll = pollInterval(options.poll ?? this.config.watch.poll);
    this.schedule = new Schedule(options.awaitWriteFinishMs ?? this.config.watch.settle, this.poll);
    this.history = new RawHistory(this.out, this.now);
    this.catalog = new Catalog(this.config, this.stories);
    this.rest = new Rest(() => this.running !== undefined, options.collector ?? (() => undefined));
    this.intake = new Intake(this.stories, this.out, this.queue, this.schedule, {
      listening: () => !this.closed && !this.missing,
      known: (file) => this.catalog.lastRead(file) !== undefined,
      files: () => [...this.catalog.all()].map((e) => e.file),
      queued: () => {
        this.rest.cancel();
        this.arm();
      },
      checked: () => (this.closed || this.missing ? this.notifyIdle() : this.arm()),
      rootGone: () => void ((this.rootSuspect = true), this.arm()),
      log: (line) => this.log(line),
    }, this.poll);
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
    this.arm();
  }

  private async first(): Promise<void> {
    if (!isDirectory(this.stories)) {
      this.log(`wirefeed: the stories folder ${this.stories} does not exist; waiting for it`);
      this.goMissing(false);
      return;
    }
    this.realRoot = realpathSync(this.stories);
    this.adapter = await this.intake.start(true);
    const started = performance.now();
    const now = this.now();
    // The last build's cache, read only: unchanged files are not parsed again, feeds whose files
    // are as it left them are not rendered again, and the version rule judges edits against what
    // it released, as `build` would. Without one, `coldBuild` may leave one first.
    const job = { config: this.config, configText: this.options.configText, stories: this.stories, out: this.out, now };
    const key = recordKey(job);
    let cache = loadCache(this.out, key);
    if (cache.entries.size === 0 && this.options.coldBuild && (await this.options.coldBuild(job))) cache = loadCache(this.out, key);
    this.publication = publicationFrom(this.out, cache);
    const { catalog, read, listing, firstSeen } = await scan(job, cache, this.history.load());
    await this.history.started(firstSeen);
    this.catalog = catalog;
    this.listing = listing;
    const effects = noEffects();
    for (const e of catalog.all()) if (!e.story) effects.failed.push(e.file);
    await this.publishAndReport("start", effects, now, started, read);
  }

  /** Arms the rebuild timer for when the pending events are due (see `Schedule`), or reports idleness. */
  private arm(): void {
    if (this.closed || this.running || this.missing) return;
    clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    if (this.queue.empty && !this.rootSuspect) return this.notifyIdle();
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, this.schedule.due() - performance.now()));
  }

  private tick(): void {
    this.tickTimer = undefined;
    if (this.closed || this.running || this.missing) return;
    this.running = this.rebuild()
      .catch((err) => this.log(`${clockTime(this.now())}  rebuild failed: ${message(err)}; retrying with the next change`))
      .finally(() => {
        this.running = undefined;
        this.arm();
      });
  }

  /** One rebuild: the pending batch, once every file in it has stopped changing. */
  private async rebuild(): Promise<void> {
    if (!isDirectory(this.stories)) return this.goMissing(true);
    this.rootSuspect = false;
    const since = this.schedule.begin();
    const batch = this.queue.take();
    if (batch.changes.size === 0 && !batch.rescan && !batch.wake) return;
    const sigs = signaturesOf(this.stories, readsOf(batch.changes));
    const t = performance.now();
    const held = this.schedule.stillChanging(sigs, t);
    const hold = this.schedule.hold(held, since, t);
    if (hold === "all") return this.queue.putBack(batch);
    if (hold === "some") {
      this.queue.putBack({ changes: new Map(held.map((f) => [f, batch.changes.get(f)!])) });
      for (const f of held) batch.changes.delete(f);
    }
    const started = performance.now();
    const changes = new Map(batch.changes);
    let quick = new Set<string>();
    if (batch.rescan) {
      this.realRoot = realpathSync(this.stories);
      const listed = await listStories(this.stories, this.out);
      this.listing = listed.diagnostics;
      quick = withListing(this.catalog, listed.files.map((f) => f.file), changes);
    }
    const effects = await applyChanges(this.catalog, changes, async (file) => loadChanged(file, quick.has(file), {
      config: this.config, stories: this.stories, realRoot: this.realRoot, known: this.catalog.lastRead(file),
      warn: (d) => this.log(formatText(d)), reading: () => this.schedule.read(file),
      history: () => this.history.of(file, this.catalog.lastRead(file)),
    }));
    this.intake.verifyLater(effects.read);
    await this.history.save();
    // Events that changed nothing (a touch, a file saved with the same bytes): nothing to publish.
    if (!batch.rescan && !batch.wake && !hasEffects(effects)) return;
    const trigger = batch.rescan ? "rescan" : hasEffects(effects) ? "files" : "wake";
    await this.publishAndReport(trigger, effects, this.now(), started, this.catalog.size);
  }

  private async publishAndReport(trigger: RebuildReport["trigger"], effects: Effects, now: Date, started: number, files: number): Promise<void> {
    const { stories, diagnostics, published } = await publishCatalog(this.catalog, this.out, now, this.publication);
    const previousWake = this.nextWake;
    if (!this.closed) this.wake.set(stories, now);
    const { fresh, printed } = freshDiagnostics([...this.listing, ...diagnostics], this.printed);
    this.printed = printed;
    const { read: _, ...changed } = effects;
    const report: RebuildReport = {
      at: now, trigger, ...changed, written: published.written, unchanged: published.unchanged,
      files, published: published.published, diagnostics: fresh, nextWake: this.nextWake, ms: performance.now() - started,
    };
    this.log(describeRebuild(report, previousWake));
    for (const d of fresh) this.log(diagnosticLine(d));
    this.rest.rebuilt();
    this.options.onRebuild?.(report);
  }

  /** The stories folder is gone: keep the feeds as they are and look for it until it returns. */
  private goMissing(announce: boolean): void {
    if (this.missing || this.closed) return;
    this.missing = new RootReturn(this.stories, () => this.comeBack());
    this.queue.take();
    this.schedule.reset();
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
    this.notifyIdle();
  }

  /** The stories folder is back: watch it again and reconcile the catalog with it. False: not yet. */
  private async comeBack(): Promise<boolean> {
    let adapter: Adapter;
    try {
      adapter = await this.intake.start();
    } catch (err) {
      this.log(`wirefeed: cannot watch ${this.stories} yet: ${message(err)}`);
      return false;
    }
    if (this.closed) {
      await adapter.close();
      return true;
    }
    this.adapter = adapter;
    this.missing = undefined;
    this.log(`${clockTime(this.now())}  the stories folder ${this.stories} is back; reading it again`);
    this.queue.requestRescan();
    this.schedule.pending(performance.now());
    this.arm();
    return true;
  }

  private isIdle(): boolean {
    return !this.running && !this.tickTimer && this.queue.empty && !this.rootSuspect && !this.intake.checking;
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
      this.missing?.stop();
      this.intake.stop();
      this.wake.stop();
      clearTimeout(this.tickTimer);
      this.tickTimer = undefined;
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
