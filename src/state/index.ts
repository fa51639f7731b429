/** state/: what a build remembers about each story file and its outputs (I/O): the catalog, and the one record a build leaves. */
export { entryFromBytes, loadEntry, loadEntrySync, sameStory, type Entry } from "./entry.js";
export { Catalog, resolveDuplicates } from "./catalog.js";
export { emptyCache, loadCache, saveCache, type BuildCache } from "./cache.js";
export { RECORD_FILE, stateKey, type ConfigSource, type RecordedReport } from "./record.js";
export { upToDate } from "./up-to-date.js";
