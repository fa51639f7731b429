/**
 * The few XML primitives the RSS and Atom renderers share: escaping, CDATA, dates.
 * Plain string functions, so output is byte-identical for the same input.
 */
import { escapeMarkup, stripForbidden } from "../model/xml-chars.js";

/** Written as `<generator>` in RSS and Atom. */
export const GENERATOR = "wirefeed";

/**
 * Escapes text for an XML element's content: `&`, `<`, `>` (the last so `]]>` can never appear).
 * @example escapeText("Fish & Chips <b>") // "Fish &amp; Chips &lt;b&gt;"
 */
export function escapeText(s: string): string {
  return escapeCleanText(stripForbidden(s));
}


/** `escapeText` for text already free of forbidden characters (every string of a `PreparedDoc`). */
export function escapeCleanText(s: string): string {
  return escapeMarkup(s);
}

/**
 * Escapes text for an attribute value, whichever quote delimits it.
 * @example escapeAttr(`a "b" & <c>`) // "a &quot;b&quot; &amp; &lt;c&gt;"
 */
export function escapeAttr(s: string): string {
  return escapeCleanAttr(stripForbidden(s));
}

/** `escapeAttr` for text already free of forbidden characters (every string of a `PreparedDoc`). */
export function escapeCleanAttr(s: string): string {
  return escapeMarkup(s, "attribute");
}

/**
 * Wraps text in a CDATA section. Every `]]>` inside is split across two sections
 * (`]]]]><![CDATA[>`), so any number of them survive intact.
 * @example cdata("a]]>b") // "<![CDATA[a]]]]><![CDATA[>b]]>"
 */
export function cdata(s: string): string {
  return cleanCdata(stripForbidden(s));
}

/** `cdata` for text already free of forbidden characters (every string of a `PreparedDoc`). */
export function cleanCdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/**
 * RFC 822 date as RSS 2.0 wants it, always in GMT.
 * Throws a RangeError for an invalid date, like `toISOString()` does, rather than writing
 * "Invalid Date" into a feed.
 * @example rfc822(new Date("2003-06-03T09:39:21Z")) // "Tue, 03 Jun 2003 09:39:21 GMT"
 */
export function rfc822(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  return date.toUTCString();
}

/**
 * RFC 3339 timestamp in UTC with milliseconds, for Atom, `dcterms:modified` and JSON Feed.
 * @example iso(new Date("2003-06-03T09:39:21Z")) // "2003-06-03T09:39:21.000Z"
 */
export function iso(date: Date): string {
  return date.toISOString();
}

/** Attribute name → unescaped value; written in insertion order, so output order is fixed. */
export type Attrs = Record<string, string>;

function attrString(attrs: Attrs): string {
  let out = "";
  for (const name in attrs) out += ` ${name}="${escapeCleanAttr(attrs[name] as string)}"`;
  return out;
}

// The element helpers below take text from a `PreparedDoc`, already free of forbidden characters
// (see `prepare`): they escape it and do not scan it for those characters again.

/**
 * One element holding escaped text: `<name a="…">text</name>`.
 * @example textElement("category", "R&D") // "<category>R&amp;D</category>"
 */
export function textElement(name: string, text: string, attrs: Attrs = {}): string {
  return `<${name}${attrString(attrs)}>${escapeCleanText(text)}</${name}>`;
}

/**
 * One element holding markup the caller has already made safe (CDATA, child elements).
 * @example rawElement("content:encoded", cleanCdata("<p>Hi</p>"))
 */
export function rawElement(name: string, markup: string, attrs: Attrs = {}): string {
  return `<${name}${attrString(attrs)}>${markup}</${name}>`;
}

/**
 * The start tag of an element whose children follow on lines of their own (close it with `</name>`).
 * @example openTag("media:content", { url: "https://x.test/a.jpg" }) // '<media:content url="https://x.test/a.jpg">'
 */
export function openTag(name: string, attrs: Attrs): string {
  return `<${name}${attrString(attrs)}>`;
}

/**
 * One empty element: `<name a="…"/>`.
 * @example emptyElement("link", { rel: "self", href: "https://x.test/atom.xml" })
 */
export function emptyElement(name: string, attrs: Attrs): string {
  return `<${name}${attrString(attrs)}/>`;
}

/**
 * The `<?xml-stylesheet?>` line that lets a browser show the feed as a page, or none without an
 * href. Escaped like an attribute, so the href can never close the instruction with `?>`.
 * @example stylesheetPi("feed.xsl") // ['<?xml-stylesheet type="text/xsl" href="feed.xsl"?>']
 */
export function stylesheetPi(href: string | undefined): string[] {
  return href === undefined ? [] : [`<?xml-stylesheet type="text/xsl" href="${escapeAttr(href)}"?>`];
}

/**
 * Appends `lines` to `out`, each prefixed with `spaces` spaces (readable, reviewable golden files).
 * The renderers gather a whole document's lines in one array and join it once at the end.
 */
export function pushIndented(out: string[], lines: readonly string[], spaces: number): void {
  const pad = " ".repeat(spaces);
  for (const line of lines) out.push(pad + line);
}
