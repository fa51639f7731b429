/**
 * The characters XML 1.0 forbids in a document, defined once: C0 controls except tab, LF and CR;
 * U+FFFE and U+FFFF; surrogate halves that are not part of a pair. Normalizing removes them from
 * stories with a warning; rendering removes any still there, as a last line of defence, because
 * a single one makes a whole feed unreadable (a fatal error for every XML parser).
 */

/** With the `u` flag a surrogate range matches only unpaired halves, so astral characters survive. */
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/**
 * A cheap pre-filter: without the `u` flag it also matches paired surrogates, so it may say yes to
 * text that is fine, never no to text that is not. Most text skips the exact, slower pattern.
 */
export const MAYBE_XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;

/**
 * `s` without the characters XML 1.0 forbids.
 * @example stripForbidden("a\u0001b") // "ab"
 */
export function stripForbidden(s: string): string {
  return MAYBE_XML_FORBIDDEN.test(s) ? s.replace(XML_FORBIDDEN, "") : s;
}

/** Whether text holds a character {@link escapeMarkup} replaces. */
const MARKUP = /[&<>]/;

/**
 * Text for an XML or HTML text node: `&`, `<` and `>` as `&amp;`, `&lt;`, `&gt;` (`>` too, so
 * `]]>` can never appear). The one such escape, for story bodies and feed elements alike.
 * @example escapeMarkup("Fish & Chips <b>") // "Fish &amp; Chips &lt;b&gt;"
 */
export function escapeMarkup(s: string): string {
  if (!MARKUP.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
