/** A story file's bytes to its story (pure): decoded, split or read by format, then made whole. */
import type { Config } from "../config/config.js";
import { decode } from "../ingest/decode.js";
import { bodyOf, parseText } from "../ingest/parse.js";
import { storyFormat } from "../ingest/read.js";
import { hasError, inFile, type Diagnostic } from "../model/diagnostics.js";
import type { Story } from "../model/story.js";
import { agencyBody, isAgencyFormat, parseAgency } from "./agency/index.js";
import { firstParagraphText } from "./plain-text.js";
import { assembleStory, renderBody } from "./story.js";

/** What a raw story's date may come from besides its text and file name (ms; see `rawDate`). */
export interface FileHistory {
  committed?: number;
  firstSeen?: number;
}

/**
 * Pure: a story file's bytes to its story and diagnostics. With `withBody` false (the default for
 * cataloguing) the body is checked and hashed but not rendered. A file of several stories (a
 * NewsML-G2 message of several text items, #16) gives the first as `story` and the others, in
 * file order, as `more`; an item with an error is left out, the file's other items kept, and
 * its id (when the file gave it one) is in `refused`.
 */
export function storyFromBytes(
  file: string, bytes: Uint8Array, mtime: Date, config: Config, withBody = false, history: FileHistory = {},
): { story?: Story; more?: Story[]; refused?: string[]; diagnostics: Diagnostic[] } {
  const decoded = decode(bytes);
  if (decoded.text === undefined) return { diagnostics: inFile(file, decoded.findings) };
  const format = storyFormat(file);
  const parts = isAgencyFormat(format) ? parseAgency(decoded.text, format) : [parseText(decoded.text, format)];
  const facts = {
    file, mtime,
    ...(history.committed !== undefined ? { committed: new Date(history.committed) } : {}),
    ...(history.firstSeen !== undefined ? { firstSeen: new Date(history.firstSeen) } : {}),
  };
  const diagnostics = inFile(file, decoded.findings);
  const fileFails = hasError(diagnostics);
  const stories: Story[] = [];
  const refused: string[] = [];
  for (const parsed of parts) {
    const { story, findings } = assembleStory(parsed, facts, config, withBody);
    const found = inFile(file, findings);
    diagnostics.push(...found);
    if (story && !fileFails && !hasError(found)) stories.push(story);
    else if (parsed.item && typeof parsed.data.id === "string") refused.push(parsed.data.id);
  }
  const [story, ...more] = stories;
  return { ...(story ? { story } : {}), ...(more.length > 0 ? { more } : {}), ...(refused.length > 0 ? { refused } : {}), diagnostics };
}

/**
 * Pure: a catalogued story with its body rendered from the file's bytes. The front matter is not
 * read again: the story was checked when it was catalogued, from these same bytes (the caller
 * compares hashes), so only the body is cut out and rendered. `bodyOffset` is the `bodyOffset`
 * of the story catalogued from these bytes (undefined: the body is cut again by gray-matter). The
 * body of an item of a file of several is that item's (see `Story.item`).
 */
export function withBodyFromBytes(story: Story, bytes: Uint8Array, siteUrl: string, bodyOffset: number | undefined): Story {
  const format = storyFormat(story.file);
  const text = decode(bytes).text ?? "";
  const contentHtml = isAgencyFormat(format) ? renderBody(agencyBody(text, format, story.item?.index), "html", siteUrl) : renderBody(bodyOf(text, format, bodyOffset), format, siteUrl);
  return { ...story, contentHtml, summary: story.summary || firstParagraphText(contentHtml) };
}
