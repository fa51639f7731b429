/** HTML back to plain text (pure): for summaries and the text a body is known by. */
import { collapseInline, normalizeChars } from "./text.js";

/** Tags that separate words; other (inline) tags join their text directly. */
const BLOCK_TAG = /<\/?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|hr|figure|figcaption)\b[^>]*>/gi;

/** Elements whose content is not text a reader sees. */
const HIDDEN_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** The entities our renderers and markdown-it write, plus numeric references. */
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0" };

/** A numeric reference to a code point that cannot be a character becomes U+FFFD, as browsers do. */
function fromCodePoint(n: number): string {
  return n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n === 0 ? "\uFFFD" : String.fromCodePoint(n);
}

/** Decodes entities in one pass, so `&amp;lt;` becomes `&lt;`, not `<`. */
function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_, name: string | undefined, dec: string | undefined, hex: string | undefined) =>
    name !== undefined ? (NAMED[name] ?? "") : fromCodePoint(dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16)),
  );
}

/**
 * Plain text of an HTML fragment: tags stripped (block tags leave a space), script/style content
 * dropped, entities decoded, XML-forbidden characters removed, whitespace collapsed.
 *
 * @example htmlToPlainText("<p>Fish &amp; <em>chips</em></p><p>&#x263A;</p>") // "Fish & chips ☺"
 */
export function htmlToPlainText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "") // comments are not text
    .replace(HIDDEN_ELEMENT, " ")
    .replace(BLOCK_TAG, " ")
    .replace(/<[^>]*>/g, ""); // inline tags: <em>chips</em> stays one word
  return collapseInline(normalizeChars(decodeEntities(text)));
}

/** A paragraph element and its content (ours are never nested). */
const PARAGRAPH = /<p\b[^>]*>([\s\S]*?)<\/p>/gi;

/**
 * Plain text of the first paragraph with any text (a paragraph holding only an image is
 * skipped), or of the whole fragment when it has no `<p>`: the default summary.
 *
 * @example firstParagraphText("<p>One &amp; two.</p>\n<p>Three.</p>") // "One & two."
 */
export function firstParagraphText(html: string): string {
  // Paragraphs are converted one at a time, stopping at the first with text: a story's first
  // usually has it, and converting all of them cost most of this function's time.
  let paragraphs = 0;
  for (const m of html.matchAll(PARAGRAPH)) {
    paragraphs++;
    const text = htmlToPlainText(m[1] ?? "");
    if (text !== "") return text;
  }
  return paragraphs === 0 ? htmlToPlainText(html) : "";
}
