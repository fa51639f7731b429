/**
 * A story's pictures as each output writes them, every one with its own credit (pure):
 *
 * - in RSS and Atom, Media RSS (`media:content` with `media:title` for the caption,
 *   `media:credit`, `media:copyright`, `media:text` for the usage terms), and in RSS an
 *   `<enclosure>` for the main picture when its size and type are known;
 * - in every item's content and in the HTML views, a `<figure>` whose caption ends with the
 *   picture's credit, copyright and usage terms: readers that know no Media RSS show it with
 *   its credit beneath it, or not at all.
 */
import type { Picture } from "../story.js";
import { emptyElement, escapeCleanAttr, escapeCleanText, openTag, stripForbidden, textElement, type Attrs } from "./xml.js";

/** The Media RSS namespace, declared on the root of a feed with pictures. */
export const MEDIA_NS = `xmlns:media="http://search.yahoo.com/mrss/"`;

/** The class of each picture's `<figure>`, and of the credit under it, for partners' style sheets. */
export const PICTURE_CLASS = "wire-picture";
export const PICTURE_CREDIT_CLASS = "wire-picture-credit";

/** How a picture's figure opens; a story body never holds it (bodies carry no `class` attribute). */
export const FIGURE_OPEN = `<figure class="${PICTURE_CLASS}">`;

/** The picture with every string it writes cleaned of XML-forbidden characters. */
export function cleanPicture(p: Picture): Picture {
  const out = { ...p };
  for (const key of ["url", "caption", "alt", "credit", "copyright", "usageTerms", "type"] as const) {
    const v = out[key];
    if (v !== undefined) (out as Record<string, unknown>)[key] = stripForbidden(v);
  }
  return out;
}

/**
 * What is printed under a picture: credit, copyright notice and usage terms, where there are any.
 * @example pictureCredit({ url, credit: "Jane Doe / Example Photo", copyright: "© 2026 Example Photo" }) // "Jane Doe / Example Photo · © 2026 Example Photo"
 */
export function pictureCredit(p: Picture): string {
  return [p.credit, p.copyright, ...(p.usageTerms === undefined ? [] : [p.usageTerms])].join(" · ");
}

/**
 * One picture as HTML: the image, then its caption with the credit beneath it. Every value is
 * escaped; the URL is the absolute https URL front matter allowed. `alt` falls back to the caption.
 */
export function figureHtml(p: Picture): string {
  const size = `${p.width === undefined ? "" : ` width="${p.width}"`}${p.height === undefined ? "" : ` height="${p.height}"`}`;
  const caption = p.caption === undefined ? "" : `${escapeCleanText(p.caption)} `;
  return `${FIGURE_OPEN}<img src="${escapeCleanAttr(p.url)}" alt="${escapeCleanAttr(p.alt ?? p.caption ?? "")}"${size}>` +
    `<figcaption>${caption}<span class="${PICTURE_CREDIT_CLASS}">${escapeCleanText(pictureCredit(p))}</span></figcaption></figure>`;
}

/** Every picture's figure, one a line; `""` for none. */
export function figuresHtml(images: readonly Picture[] | undefined): string {
  return (images ?? []).map(figureHtml).join("\n");
}

/** The Media RSS elements of a story's pictures, as lines (RSS items and Atom entries alike). */
export function mediaLines(images: readonly Picture[] | undefined): string[] {
  const out: string[] = [];
  for (const p of images ?? []) {
    const attrs: Attrs = { url: p.url, medium: "image" };
    if (p.type !== undefined) attrs.type = p.type;
    if (p.length !== undefined) attrs.fileSize = String(p.length);
    if (p.width !== undefined) attrs.width = String(p.width);
    if (p.height !== undefined) attrs.height = String(p.height);
    const children = [
      ...(p.caption === undefined ? [] : [textElement("media:title", p.caption, { type: "plain" })]),
      textElement("media:credit", p.credit),
      textElement("media:copyright", p.copyright),
      ...(p.usageTerms === undefined ? [] : [textElement("media:text", p.usageTerms, { type: "plain" })]),
    ];
    out.push(openTag("media:content", attrs), ...children.map((c) => `  ${c}`), "</media:content>");
  }
  return out;
}

/** RSS 2.0's `<enclosure>` for the main picture: only with its size and type, which RSS requires. */
export function enclosureLines(images: readonly Picture[] | undefined): string[] {
  const lead = images?.[0];
  if (lead?.length === undefined || lead.type === undefined) return [];
  return [emptyElement("enclosure", { url: lead.url, length: String(lead.length), type: lead.type })];
}
