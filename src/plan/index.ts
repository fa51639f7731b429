/** plan/: which feeds and archive pages exist and what each holds (pure), and their fingerprints. */
export { archivePages, deskSlugs, feedSpecs, matchesFilter, slugify, type FeedSpec } from "./feeds.js";
export { feedUrls, indexEntries, mainFeed, planFeeds, planFeedsReusing, siteDoc, type PagePlan } from "./plan.js";
export { fingerprint, storyKey } from "./fingerprint.js";
