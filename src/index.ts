/** wirefeed's library API: no side effects on import. */
export { build, check, type BuildOptions, type BuildResult, type CheckResult } from "./build.js";
export { validateConfig, loadConfig, defaultConfig, configJsonSchema, ConfigError, type Config } from "./config.js";
export { formatText, formatGithub, sortDiagnostics, type Diagnostic, type Severity } from "./diagnostics.js";
export { select, isPublishable, compareStories, feedUpdated, nextEmbargo } from "./archive.js";
export { storyFromBytes, entryFromBytes, loadEntry, resolveDuplicates, type Entry } from "./load.js";
export { Catalog } from "./catalog.js";
export { mainFeed, planFeeds, publish, feedUrls, indexEntries, INDEX_FILE, type FeedPlan, type PublishResult } from "./feeds.js";
export { applyVersionRule, duplicateStories, withCorrection, type Release } from "./rules.js";
export { slugify, deskSlugs, archivePages, type FeedConfig, type IndexEntry } from "./desk.js";
export { renderRss, renderAtom, renderJson, renderAll } from "./render/index.js";
export type { FeedDoc } from "./render/model.js";
export type { Story, StoryStatus } from "./story.js";
export { writeAtomic } from "./write.js";
export { watch, type Watcher, type WatchOptions, type RebuildReport } from "./watch.js";
export { createFeedServer, serve, type ServeOptions, type Serving } from "./serve.js";
export { hashToken, type Partner } from "./partners.js";
export { createPublisher, changedFeedUrls, type Publisher, type PublisherOptions, type RetryOptions } from "./websub.js";
export { extraOutputs, feedViews, siteFiles, siteDoc } from "./render/site.js";
