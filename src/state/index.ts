/** state/: what a build remembers about each story file and its outputs (I/O): catalog, cache, stamp. */
export { entryFromBytes, loadEntry, loadEntrySync, sameStory, type Entry } from "./entry.js";
export { Catalog, resolveDuplicates } from "./catalog.js";
export { cacheKey, emptyCache, loadCache, saveCache, type BuildCache } from "./cache.js";
export { STAMP_FILE, stampKey, upToDate, type StampReport } from "./stamp.js";
