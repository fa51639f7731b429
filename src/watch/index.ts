/** watch/: follows the stories folder and feeds each batch of changes into the build's pipeline. */
export { watch, type RebuildReport, type Watcher, type WatchOptions } from "./watcher.js";
export { fullCollector } from "./rest.js";
