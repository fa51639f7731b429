/**
 * A worker thread for cold scans: reads and catalogues story files taken from the shared counter
 * (see `loadAll` in build.ts), so a large archive is parsed on every core. It receives
 * `{ files, config, next }` and answers with the `[index, entry]` pairs it took.
 */
import { parentPort, workerData } from "node:worker_threads";
import { takeFiles } from "./load.js";
import type { Config } from "./config.js";
import type { StoryFile } from "./read.js";

const { files, config, next } = workerData as { files: StoryFile[]; config: Config; next: Int32Array };
parentPort?.postMessage(takeFiles(files, config, next));
