/**
 * A worker thread for cold scans: reads and catalogues the story files it takes from the shared
 * counter (see `loadAll` in build.ts and threads.ts), so a large archive is parsed on every core.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "./config.js";
import { loadEntrySync } from "./load.js";
import type { StoryFile } from "./read.js";
import { takeTasks, type Shared } from "./threads.js";

const { files, config, ...shared } = workerData as { files: StoryFile[]; config: Config } & Shared;
parentPort?.postMessage(await takeTasks(files.length, shared, (i) => loadEntrySync(files[i]!, config)));
