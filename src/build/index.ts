/** build/: the pipeline once, as `wirefeed build` and `check` run it, and the steps `watch` shares. */
export { build, check, type BuildOptions, type BuildResult, type CheckResult } from "./build.js";
export { folders, publicationFrom, publishCatalog, scan, type PipelineOptions, type Publication } from "./pipeline.js";
