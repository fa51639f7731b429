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

/**
 * Where escaped text goes, which says what is escaped and how (the bytes each place has always
 * written, so no output changed when the copies became this one function):
 * - `text`: an XML or HTML text node, `& < >` as `&amp; &lt; &gt;` (`>` too, so `]]>` can never appear);
 * - `quoted`: also `"` as `&quot;`, as markdown-it escapes text, for a double-quoted value as well;
 * - `attribute`: an XML attribute value whichever quote delimits it: also `'` as `&apos;`, and tab,
 *   newline and carriage return as character references, since attribute-value normalization
 *   would turn them into spaces;
 * - `html`: the HTML pages, text and attributes alike: `& < > " '` as numeric references (`&#38;`…).
 */
export type EscapeStyle = "text" | "quoted" | "attribute" | "html";

/** Each style's characters, `&` first (so no reference is escaped twice), and one pattern that finds any of them. */
const STYLES: Record<EscapeStyle, { any: RegExp; refs: [RegExp, string][] }> = {
  text: style([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"]]),
  quoted: style([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"], ['"', "&quot;"]]),
  attribute: style([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"], ['"', "&quot;"], ["'", "&apos;"], ["\t", "&#9;"], ["\n", "&#10;"], ["\r", "&#13;"]]),
  html: style(["&", "<", ">", '"', "'"].map((c) => [c, `&#${c.charCodeAt(0)};`])),
};

function style(refs: [string, string][]): { any: RegExp; refs: [RegExp, string][] } {
  return { any: new RegExp(`[${refs.map(([c]) => c).join("")}]`), refs: refs.map(([c, ref]) => [new RegExp(c, "g"), ref]) };
}

/**
 * Text escaped for markup, in the given style (see `EscapeStyle`): the one escape of every stage,
 * for story bodies, feed elements, attributes and pages alike. Most text (titles, names, URLs,
 * dates) has nothing to escape: one test, and it is returned as is. The rest, above all HTML
 * bodies with a tag every few dozen characters, goes through one native replace per character
 * with a fixed replacement: on the bench corpus's bodies that takes about 60% of the time of one
 * replace calling a function per match.
 * @example escapeMarkup("Fish & Chips <b>") // "Fish &amp; Chips &lt;b&gt;"
 * @example escapeMarkup(`"R&D"`, "html") // "&#34;R&#38;D&#34;"
 */
export function escapeMarkup(s: string, style: EscapeStyle = "text"): string {
  const { any, refs } = STYLES[style];
  if (!any.test(s)) return s;
  for (const [c, ref] of refs) s = s.replace(c, ref);
  return s;
}
