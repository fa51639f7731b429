/**
 * Agency formats in: IPTC ninjs (`.json`) and NewsML-G2 (`.xml`), each mapped to the front-matter
 * data and body a Markdown story gives, so every later stage treats them alike.
 */
import type { ParsedText } from "../parse.js";
import type { StoryFormat } from "../read.js";
import { parseNewsml } from "./newsml.js";
import { parseNinjs } from "./ninjs.js";

export type AgencyFormat = "ninjs" | "newsml";

/** Whether a story file's format is an agency's (read here) rather than Markdown or raw text. */
export function isAgencyFormat(format: StoryFormat): format is AgencyFormat {
  return format === "ninjs" || format === "newsml";
}

/** An agency story's text to its parts (pure, never throws). */
export function parseAgency(text: string, format: AgencyFormat): ParsedText {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return format === "ninjs" ? parseNinjs(noBom) : parseNewsml(noBom);
}

/** An agency story's HTML body, read again from its text (for a story already catalogued). */
export function agencyBody(text: string, format: AgencyFormat): string {
  return parseAgency(text, format).body;
}

export { parseNinjs, parseNewsml };
