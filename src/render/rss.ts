import type { FeedDoc } from "../model/feed.js";
import { withCredit } from "./credit.js";
import { MEDIA_NS, enclosureLines, mediaLines } from "./picture.js";
import { hasPictures, type PreparedDoc, type PreparedItem } from "./prepare.js";
import { GENERATOR, cleanCdata, emptyElement, escapeCleanText, pushIndented, rawElement, rfc822, stylesheetPi, textElement } from "./xml.js";

/** Every namespace the RSS output may use, declared once on the root so readers never guess. */
const NAMESPACES = [
  `xmlns:atom="http://www.w3.org/2005/Atom"`,
  `xmlns:content="http://purl.org/rss/1.0/modules/content/"`,
  `xmlns:dc="http://purl.org/dc/elements/1.1/"`,
  `xmlns:dcterms="http://purl.org/dc/terms/"`,
].join(" ");
/** RFC 5005 feed history, for `fh:archive` on archive pages (RFC 5005 Appendix B: RSS 2.0). */
const FH_NS = `xmlns:fh="http://purl.org/syndication/history/1.0"`;

/**
 * Renders a feed as RSS 2.0.
 *
 * Attribution goes where RSS readers look for it: bylines in `dc:creator` (one per author;
 * RSS `<author>` must be an e-mail address, so a name-only author would be invalid), copyright in
 * `dc:rights`, the agency in `dc:source`, the dateline in `dc:coverage`. Items newest first, in
 * the document's order; each guid made from the site URL (see `itemId`).
 *
 * The document as lines of a prepared document (see `prepare`), to be joined with newlines (the
 * last is empty, so the text ends in one): the signature of every format (see `FEED_FORMATS`). A
 * build writes them as they are, never making the one long string (see `writeAtomic`); the same
 * input always gives the same bytes.
 */
export function rssLines(p: PreparedDoc): string[] {
  const { doc } = p;
  const out = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    ...stylesheetPi(doc.stylesheet),
    `<rss version="2.0" ${NAMESPACES}${hasPictures(p) ? ` ${MEDIA_NS}` : ""}${doc.history?.archive ? ` ${FH_NS}` : ""}>`,
    "  <channel>",
  ];
  pushIndented(out, channelLines(doc), 4);
  for (const item of p.items) {
    out.push("    <item>");
    pushIndented(out, itemChildren(item), 6);
    out.push("    </item>");
  }
  out.push("  </channel>", "</rss>", "");
  return out;
}

function channelLines(doc: FeedDoc): string[] {
  return [
    textElement("title", doc.title),
    textElement("link", doc.homeUrl),
    textElement("description", doc.description),
    textElement("language", doc.language),
    textElement("copyright", doc.copyright),
    textElement("lastBuildDate", rfc822(doc.updated)),
    ...(doc.ttl === undefined ? [] : [textElement("ttl", String(doc.ttl))]),
    emptyElement("atom:link", { href: doc.urls.rss, rel: "self", type: "application/rss+xml" }),
    ...(doc.hub === undefined ? [] : [emptyElement("atom:link", { href: doc.hub, rel: "hub" })]),
    ...historyLines(doc),
    textElement("generator", GENERATOR),
  ];
}

/** RFC 5005 in RSS: `fh:archive` on an archive page, and `atom:link`s to the neighbouring documents. */
function historyLines(doc: FeedDoc): string[] {
  const h = doc.history;
  if (!h) return [];
  const link = (rel: string, href: string | undefined) => href === undefined ? [] : [emptyElement("atom:link", { href, rel, type: "application/rss+xml" })];
  return [
    ...(h.archive ? ["<fh:archive/>"] : []),
    ...link("current", h.current?.rss),
    ...link("prev-archive", h.prev?.rss),
    ...link("next-archive", h.next?.rss),
  ];
}

function itemChildren({ story, id, pubDate, modified, credit, content }: PreparedItem): string[] {
  return [
    textElement("title", story.title),
    textElement("link", story.link),
    textElement("guid", id, { isPermaLink: "false" }),
    textElement("pubDate", pubDate),
    // RSS readers treat description as HTML: escape the plain-text summary once as HTML so that
    // `<` and `&` in it are shown, not interpreted; CDATA keeps that escaping readable. The credit
    // line ends both: some readers show only the description.
    rawElement("description", cleanCdata(withCredit(escapeCleanText(story.summary), credit))),
    rawElement("content:encoded", cleanCdata(content)),
    ...story.byline.map((name) => textElement("dc:creator", name)),
    textElement("dc:rights", story.copyright),
    textElement("dc:source", story.credit),
    ...(story.dateline === undefined ? [] : [textElement("dc:coverage", story.dateline)]),
    ...(modified === undefined ? [] : [textElement("dcterms:modified", modified)]),
    ...story.categories.map((category) => textElement("category", category)),
    ...enclosureLines(story.images),
    ...mediaLines(story.images),
  ];
}
