/** publish/: applies a plan to the output folder (I/O): atomic writes, pruning, crash marks. */
export { INDEX_FILE, publish, type PublishOptions, type PublishResult, type StorySource } from "./publish.js";
export { crashedWriters, markWriting, writeAtomic } from "./write.js";
export { siblingsOf, writeOutput } from "./precompress.js";
