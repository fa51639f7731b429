import type { FeedDoc } from "../model/feed.js";
import { withCreditText } from "./credit.js";
import { MEDIA_NS, mediaLines } from "./picture.js";
import { hasPictures, tombstones, type PreparedDoc, type PreparedItem } from "./prepare.js";
import { GENERATOR, emptyElement, escapeCleanAttr, iso, pushIndented, rawElement, stylesheetPi, textElement } from "./xml.js";

const ROOT_ATTRS = `xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"`;
/** RFC 5005 (feed history: `fh:archive`) and RFC 6721 (tombstones), declared only when used. */
const FH_NS = `xmlns:fh="http://purl.org/syndication/history/1.0"`;
const AT_NS = `xmlns:at="http://purl.org/atompub/tombstones/1.0"`;

/**
 * Renders a feed as Atom 1.0 (RFC 4287).
 *
 * Titles and summaries are `type="text"`, never `html`: a headline such as `Fish & Chips <b>`
 * is read as the words it is. The body is `type="html"`, escaped. Attribution: one `author` per
 * byline, `rights` and `dc:rights` for the copyright, `dc:source` for the agency, `dc:coverage` for the dateline
 * (RFC 4287 allows extension elements anywhere in an entry). Entries newest first, in the
 * document's order; each id made from the site URL (see `itemId`).
 *
 * The document as lines of a prepared document (see `prepare`), to be joined with newlines (the
 * last is empty, so the text ends in one): the signature of every format (see `FEED_FORMATS`). A
 * build writes them as they are, never making the one long string (see `writeAtomic`); the same
 * input always gives the same bytes.
 */
export function atomLines(p: PreparedDoc): string[] {
  const { doc } = p;
  const out = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    ...stylesheetPi(doc.stylesheet),
    // xml:lang is the only place Atom carries the feed language.
    `<feed ${rootAttrs(p)} xml:lang="${escapeCleanAttr(doc.language)}">`,
  ];
  pushIndented(out, feedLines(doc), 2);
  pushIndented(out, historyLines(doc), 2);
  // Extension elements of the feed: RFC 4287's schema wants them before the first entry.
  pushIndented(out, tombstones(p).map((t) => emptyElement("at:deleted-entry", { ref: t.id, when: t.when })), 2);
  for (const item of p.items) {
    const language = item.story.language;
    out.push(language === undefined ? "  <entry>" : `  <entry xml:lang="${escapeCleanAttr(language)}">`);
    pushIndented(out, entryChildren(item), 4);
    out.push("  </entry>");
  }
  out.push("</feed>", "");
  return out;
}

function rootAttrs(p: PreparedDoc): string {
  const { doc } = p;
  const archive = doc.history?.archive ? ` ${FH_NS}` : "";
  const deleted = doc.deleted?.length ? ` ${AT_NS}` : "";
  const media = hasPictures(p) ? ` ${MEDIA_NS}` : "";
  return `${ROOT_ATTRS}${media}${archive}${deleted}`;
}

/** RFC 5005: `fh:archive` on an archive page, and its `current`, `prev-archive`, `next-archive` links. */
function historyLines(doc: FeedDoc): string[] {
  const h = doc.history;
  if (!h) return [];
  const link = (rel: string, href: string | undefined) => href === undefined ? [] : [emptyElement("link", { rel, type: "application/atom+xml", href })];
  return [
    ...(h.archive ? ["<fh:archive/>"] : []),
    ...link("current", h.current?.atom),
    ...link("prev-archive", h.prev?.atom),
    ...link("next-archive", h.next?.atom),
  ];
}

function feedLines(doc: FeedDoc): string[] {
  return [
    textElement("id", doc.urls.atom),
    textElement("title", doc.title, { type: "text" }),
    textElement("subtitle", doc.description, { type: "text" }),
    textElement("updated", iso(doc.updated)),
    emptyElement("link", { rel: "self", type: "application/atom+xml", href: doc.urls.atom }),
    ...(doc.hub === undefined ? [] : [emptyElement("link", { rel: "hub", href: doc.hub })]),
    emptyElement("link", { rel: "alternate", type: "text/html", href: doc.homeUrl }),
    textElement("rights", doc.copyright, { type: "text" }),
    rawElement("author", textElement("name", doc.publisher)),
    textElement("generator", GENERATOR),
  ];
}

function entryChildren({ story, id, published, updated, content, creditLine }: PreparedItem): string[] {
  return [
    textElement("id", id),
    textElement("title", story.title, { type: "text" }),
    emptyElement("link", { rel: "alternate", type: "text/html", href: story.link }),
    textElement("published", published),
    textElement("updated", updated),
    ...story.byline.map((name) => rawElement("author", textElement("name", name))),
    // Some readers show an entry's summary and never its content: the credit line ends both.
    textElement("summary", withCreditText(story.summary, creditLine), { type: "text" }),
    textElement("content", content, { type: "html" }),
    ...story.categories.map((term) => emptyElement("category", { term })),
    textElement("rights", story.copyright, { type: "text" }),
    // The same notice again for readers that read an entry's Dublin Core only (ROME among them).
    textElement("dc:rights", story.copyright),
    textElement("dc:source", story.credit),
    ...(story.dateline === undefined ? [] : [textElement("dc:coverage", story.dateline)]),
    ...mediaLines(story.images),
  ];
}
