/**
 * A worker thread for cold scans: reads and catalogues its share of the story files, so a large
 * archive is parsed on every core. It receives `{ files, config }` and answers with the entries.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Config } from "./config.js";
import { loadEntrySync } from "./load.js";
import type { StoryFile } from "./read.js";

const { files, config } = workerData as { files: StoryFile[]; config: Config };
parentPort?.postMessage(files.map((sf) => loadEntrySync(sf, config)));
