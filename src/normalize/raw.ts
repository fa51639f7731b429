import { finding, type Finding } from "../model/diagnostics.js";
import { stripBoilerplate } from "./boilerplate.js";
import { extractCopyright } from "./copyright.js";
import { extractDateline } from "./dateline.js";
import { splitParagraphs } from "./paragraphs.js";
import { repairQuotes } from "./quotes.js";
import { cleanText, collapseInline } from "./text.js";

/** What raw wire text yields: the headline, the story's parts, and what was wrong with it. */
export interface RawStory {
  title?: string;
  dateline?: string;
  /** The notice as written, e.g. `Copyright © 2020, ABC Audio. All rights reserved.` */
  copyright?: string;
  /** The copyright holder, taken as the agency: `ABC Audio`. */
  credit?: string;
  /** Plain-text paragraphs, quotes repaired, without dateline, notice or web boilerplate. */
  paragraphs: string[];
  findings: Finding[];
}

/** The first non-empty line is the headline; the rest is the body. */
function splitHeadline(text: string): { headline?: string; body: string } {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() !== "");
  if (at < 0) return { body: "" };
  return { headline: lines[at], body: lines.slice(at + 1).join("\n") };
}

/**
 * Boilerplate, then the notice, then boilerplate again: the notice may sit before the web
 * furniture (as in the ABC Audio seed) or after it.
 */
function stripTrailers(paragraphs: string[]): { paragraphs: string[]; copyright?: string; holder?: string } {
  const found = extractCopyright(stripBoilerplate(paragraphs).paragraphs);
  return { ...found, paragraphs: stripBoilerplate(found.paragraphs).paragraphs };
}

/** Takes the dateline off the first paragraph, dropping the paragraph if nothing else was in it. */
function takeDateline(paragraphs: string[]): { paragraphs: string[]; dateline?: string } {
  const [first, ...others] = paragraphs;
  if (first === undefined) return { paragraphs };
  const { dateline, rest } = extractDateline(first);
  return { dateline, paragraphs: rest.trim() === "" ? others : [rest, ...others] };
}

/**
 * Turns raw wire text (a headline line, then the story, often copied from a web page) into its
 * parts: cleanText; the first non-empty line is the headline; the rest is split into paragraphs
 * (restoring lost breaks), trailing web boilerplate and the copyright notice are removed, the
 * dateline is taken off the first paragraph, and quotes are repaired.
 *
 * Findings: `xml-forbidden-char` (warning, from cleanText); `missing-title` and
 * `missing-copyright` (errors, on line 1: they concern the whole file).
 *
 * @param line lines before `text` in its file (default 0), as for {@link cleanText}.
 */
export function parseRaw(text: string, line = 0): RawStory {
  const cleaned = cleanText(text, line);
  const findings = [...cleaned.findings];
  const { headline, body } = splitHeadline(cleaned.text);
  const title = headline === undefined ? undefined : repairQuotes(collapseInline(headline));
  if (title === undefined) findings.push(finding("error", "missing-title", "raw text without a headline: its first non-empty line is the title", line + 1));

  const trailers = stripTrailers(splitParagraphs(body));
  if (trailers.copyright === undefined) {
    findings.push(finding("error", "missing-copyright", "raw text without a copyright notice; no story goes out unattributed", line + 1));
  }
  const { dateline, paragraphs } = takeDateline(trailers.paragraphs);
  return {
    title,
    dateline,
    copyright: trailers.copyright,
    credit: trailers.holder,
    paragraphs: paragraphs.map(repairQuotes),
    findings,
  };
}
