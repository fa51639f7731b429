/** wirefeed's library API: no side effects on import. Each stage's own index says what it offers. */
export { build, check, type BuildOptions, type BuildResult, type CheckResult } from "./build/index.js";
export { validateConfig, loadConfig, defaultConfig, configJsonSchema, ConfigError, type Config, type FeedConfig } from "./config/index.js";
export { formatText, formatGithub, sortDiagnostics, type Diagnostic, type Severity } from "./model/index.js";
export type { FeedDoc, FeedPlan, IndexEntry, Story, StoryStatus } from "./model/index.js";
export { select, isPublishable, compareStories, feedUpdated, nextEmbargo } from "./desk/index.js";
export { applyVersionRule, duplicateStories, withCorrection, type Release } from "./desk/index.js";
export { storyFromBytes } from "./normalize/from-bytes.js";
export { entryFromBytes, loadEntry, Catalog, resolveDuplicates, type Entry } from "./state/index.js";
export { stampKey, upToDate, STAMP_FILE, type StampReport } from "./state/index.js";
export { mainFeed, planFeeds, planFeedsReusing, feedUrls, indexEntries, siteDoc, slugify, deskSlugs, archivePages, type PagePlan } from "./plan/index.js";
export { publish, INDEX_FILE, writeAtomic, type PublishOptions, type PublishResult } from "./publish/index.js";
export { renderRss, renderAtom, renderJson, renderAll } from "./render/index.js";
export { extraOutputs, feedViews, siteFiles } from "./render/site.js";
export { watch, type Watcher, type WatchOptions, type RebuildReport } from "./watch/index.js";
export { createFeedServer, serve, hashToken, createPublisher, changedFeedUrls, type ServeOptions, type Serving } from "./serve/index.js";
export type { Partner } from "./config/index.js";
export type { Publisher, PublisherOptions, RetryOptions } from "./serve/index.js";
export { VERSION } from "./version.js";
