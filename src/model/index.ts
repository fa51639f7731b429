/** model/: the types and small pure helpers every stage shares; the leaves of the import graph. */
export type { Story, StoryStatus, BodyKind } from "./story.js";
export { finding, formatGithub, formatText, hasError, inFile, sortDiagnostics, type Diagnostic, type Finding, type Severity } from "./diagnostics.js";
export { isTimeZone, parseDate, type DateResult } from "./dates.js";
export { itemId, type FeedDoc, type FeedHistory, type FeedKind, type FeedPlan, type FeedUrls, type IndexEntry, type Tombstone } from "./feed.js";
export { feedUrls, relativeHref, sitePath, STYLESHEET_FILE } from "./site-urls.js";
export type { Progress } from "./progress.js";
export { escapeMarkup, stripForbidden } from "./xml-chars.js";
export { canonicalJson } from "./canonical.js";
