import type { Finding } from "../model/diagnostics.js";
import { paragraphsToHtml } from "./body.js";
import { htmlToPlainText } from "./plain-text.js";
import { repairQuotes } from "./quotes.js";
import { cleanText } from "./text.js";
import { removalFindings, sanitizeBodyHtml } from "./sanitize.js";

/**
 * The body-HTML path: what every HTML body goes through, whichever format carried it (a ninjs
 * `body_html` or `bodies[]` entry, a NewsML-G2 XHTML or NITF `inlineXML`). One place, so the
 * same rules hold for all of them.
 */

/**
 * What the sanitizer removes from an HTML body (`sanitizeBodyHtml`, as for raw HTML in a Markdown
 * body), each an `unsafe-html-removed` warning at `at`, where the body stands in its file: a
 * JSON string or an XML element's content, whose offsets are not the file's. Never an error:
 * the story is published without what was removed.
 */
export function htmlBodyFindings(html: string, at: { line: number; column: number }): Finding[] {
  return removalFindings(sanitizeBodyHtml(cleanText(html, 0, false).text).removed, () => at);
}

/** Block-level tags: each starts a new paragraph of the rendered body. */
const BLOCK = /<\/?(?:p|div|section|article|header|footer|aside|main|nav|h[1-6]|hl1|hl2|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|caption|figure|figcaption|hr|br|body\.content|block)\b[^>]*>/gi;

/**
 * An HTML body as the safe HTML the feeds carry (pure): the agency's markup through the same
 * sanitizer as raw HTML in Markdown, so its paragraphs, links and emphasis survive and nothing
 * outside the allow-list does (see `sanitizeBodyHtml`).
 *
 * @param siteUrl the site's URL: links elsewhere get `rel="nofollow noopener"`.
 * @example renderHtmlBody("<div><p>One &amp; <b>two</b></p><script>x()</script><p>Three</p></div>") // "<p>One &amp; <b>two</b></p>\n<p>Three</p>"
 */
export function renderHtmlBody(html: string, siteUrl?: string): string {
  return sanitizeBodyHtml(cleanText(html, 0, false).text, siteUrl).html.trim().replace(BETWEEN_BLOCKS, "$1\n");
}

/**
 * The space between one block and the next (none, or the source's own line breaks and indents):
 * written as one line break, as Markdown bodies are, so the same story reads the same whatever
 * format and layout its agency sent it in. Space inside a paragraph is never touched.
 */
const BETWEEN_BLOCKS = /(<\/(?:p|h[1-6]|ul|ol|blockquote|table|figure|pre)>)\s*(?=<(?:p|h[1-6]|ul|ol|blockquote|table|figure|pre)[\s>])/g;

/** The plain-text paragraphs of an HTML body; also what identifies the body (see `bodyHash`). */
export function htmlParagraphs(html: string): string[] {
  const text = cleanText(html, 0, false).text;
  return text
    .split(BLOCK)
    .map((block) => htmlToPlainText(block))
    .filter((p) => p !== "")
    .map(repairQuotes);
}

/**
 * A plain-text body (ninjs `body_text`, G2 `inlineData` text/plain) as HTML, for the HTML path:
 * paragraphs at blank lines, or at each line when there is no blank line.
 */
export function textBodyToHtml(text: string): string {
  const normalized = text.replace(/\r\n?/g, "\n");
  const parts = /\n[ \t]*\n/.test(normalized) ? normalized.split(/\n[ \t]*\n/) : normalized.split("\n");
  return paragraphsToHtml(parts.map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean));
}
