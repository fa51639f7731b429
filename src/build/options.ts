/** What a pipeline is given (see pipeline.ts), and what follows from it alone: its folders and its record's key. */
import { resolve } from "node:path";
import type { Config } from "../config/config.js";
import type { ListingOf } from "../ingest/read.js";
import type { Progress } from "../model/progress.js";
import { stateKey } from "../state/record.js";
import { VERSION } from "../version.js";

/** Where a pipeline reads and writes, and when it judges. */
export interface PipelineOptions {
  config: Config;
  /** Stories folder; default `config.stories`. */
  stories?: string;
  /** Output folder; default `config.output`. */
  out?: string;
  /** The instant rules such as embargoes are judged at. Passed in, never read from the clock here. */
  now: Date;
  /** Parse a large cold archive, and render many archive pages, on worker threads (default true). */
  parallel?: boolean;
  /** Told how many story files are read and output files written, as the build goes (default: nobody). */
  progress?: Progress;
  /**
   * A listing of the stories folder made just before (the CLI's up-to-date check makes one), to
   * use rather than list again; used only when it is of the same stories and output folders.
   */
  listed?: ListingOf;
  /**
   * The text of the config file `config` was validated from (null: there was none, the defaults).
   * The build record is keyed by it, so the CLI's up-to-date check can match the record without
   * loading the schema; without it, by `config` itself (see `stateKey`).
   */
  configText?: string | null;
}

/** The key of the build record a pipeline of these options reads and writes. */
export function recordKey(options: Pick<PipelineOptions, "config" | "configText">): string {
  return stateKey(VERSION, options.configText !== undefined ? { text: options.configText } : { config: options.config });
}

/** Resolved stories and output folders for a build or check. */
export function folders(options: Pick<PipelineOptions, "config" | "stories" | "out">): { stories: string; out: string } {
  return { stories: resolve(options.stories ?? options.config.stories), out: resolve(options.out ?? options.config.output) };
}
