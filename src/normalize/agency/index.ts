/**
 * Agency formats in: IPTC ninjs (`.json`) and NewsML-G2 (`.xml`), each mapped to the front-matter
 * data and body a Markdown story gives, so every later stage treats them alike.
 */
import type { ParsedText } from "../../ingest/parse.js";
import type { StoryFormat } from "../../ingest/read.js";
import { parseNewsml, parseNewsmlItems } from "./newsml.js";
import { parseNinjs } from "./ninjs.js";

export type AgencyFormat = "ninjs" | "newsml";

/** Whether a story file's format is an agency's (read here) rather than Markdown or raw text. */
export function isAgencyFormat(format: StoryFormat): format is AgencyFormat {
  return format === "ninjs" || format === "newsml";
}

/**
 * An agency story file's text to its parts (pure, never throws): one per story it holds, in file
 * order. A ninjs file is one story; a NewsML-G2 file one per text item (#16).
 */
export function parseAgency(text: string, format: AgencyFormat): ParsedText[] {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === "ninjs" ? [parseNinjs(noBom)] : parseNewsmlItems(noBom);
}

/**
 * An agency story's HTML body, read again from its file's text (for a story already catalogued):
 * the body of the item at `index` (see `Story.item`), the first when unset.
 */
export function agencyBody(text: string, format: AgencyFormat, index = 1): string {
  return parseAgency(text, format)[index - 1]?.body ?? "";
}

export { parseNinjs, parseNewsml, parseNewsmlItems };
