/** desk/: the wire desk's rules (pure): eligibility and embargo, kills, versions, duplicates, corrections. */
export { compareStories, feedUpdated, isKilled, isPublishable, isReleased, nextEmbargo, select, sortStories, tombstone } from "./eligibility.js";
export { applyVersionRule, updateReleases, type Release, type StoryBody } from "./versions.js";
export { duplicateIdError, duplicateStories } from "./duplicates.js";
export { correctionHtml, withCorrection, withoutCorrection } from "./corrections.js";
