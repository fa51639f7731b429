/** Corrections travel with the content (pure): a note appended to the story's HTML in every format. */
import type { Story } from "../model/story.js";
import { escapeMarkup } from "../model/xml-chars.js";

/**
 * The correction block appended to a story's content in every format: a heading, then the note,
 * escaped. Empty without a correction.
 * @example correctionHtml("An earlier version misspelled the minister's name.")
 */
export function correctionHtml(note: string | undefined): string {
  if (note === undefined) return "";
  return `\n<h2>Correction</h2>\n<p>${escapeMarkup(note, "html")}</p>`;
}

/** The story as feeds show it: the correction (if any) appended to its content. */
export function withCorrection(story: Story): Story {
  return story.correction === undefined ? story : { ...story, contentHtml: story.contentHtml + correctionHtml(story.correction) };
}

/** The body as it was before `withCorrection` (to recover a published body from a feed file). */
export function withoutCorrection(contentHtml: string, note: string | undefined): string {
  const block = correctionHtml(note);
  return block && contentHtml.endsWith(block) ? contentHtml.slice(0, -block.length) : contentHtml;
}

/** Whether a story's embargo (if any) has lifted at `now`: from then on it has its place in the archive. */
