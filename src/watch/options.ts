/** What `watch` is given and what it gives back. */
import type { Config } from "../config/config.js";
import type { Catalog } from "../state/catalog.js";
import type { RebuildReport } from "./report.js";

export type { RebuildReport };

export interface WatchOptions {
  config: Config;
  /** The text of the config file `config` was validated from, which keys the build record (see `PipelineOptions`). */
  configText?: string | null;
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
   * The full garbage collection run once the watcher rests after a rebuild (see `Rest`), such as
   * `fullCollector`, which turns on V8's `--expose-gc` for the whole process. None by default: a
   * library leaves the runtime's flags alone; `wirefeed watch` passes one.
   */
  collector?: () => (() => void) | undefined;
  /**
   * Builds the first time elsewhere when there is no build cache yet, such as in a child process
   * (`wirefeed watch` does, for a large archive); resolves true when it left a cache to start
   * from. None by default: the watcher builds in its own process.
   */
  coldBuild?: (job: ColdBuild) => Promise<boolean>;
}

/** What a cold build elsewhere is given: a build's options, the instant included. */
export interface ColdBuild {
  config: Config;
  configText?: string | null;
  stories: string;
  out: string;
  now: Date;
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
