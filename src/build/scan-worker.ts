/**
 * A worker thread for cold scans: reads and catalogues the story files it is sent (see `loadAll`
 * in build.ts and threads.ts), so a large archive is parsed on every core.
 */
import { workerData } from "node:worker_threads";
import type { Config } from "../config/config.js";
import { loadEntrySync } from "../state/entry.js";
import type { StoryFile } from "../ingest/read.js";
import { serveTasks } from "../publish/threads.js";

const { config } = workerData as { config: Config };
serveTasks((sf: StoryFile) => loadEntrySync(sf, config));
