import type { Story } from "../story.js";
import { itemId, type FeedDoc } from "./model.js";
import { GENERATOR, emptyElement, escapeAttr, indent, iso, rawElement, stylesheetPi, textElement } from "./xml.js";

const ROOT_ATTRS = `xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"`;
/** RFC 5005 (feed history: `fh:archive`) and RFC 6721 (tombstones), declared only when used. */
const FH_NS = `xmlns:fh="http://purl.org/syndication/history/1.0"`;
const AT_NS = `xmlns:at="http://purl.org/atompub/tombstones/1.0"`;

/**
 * Renders a feed as Atom 1.0 (RFC 4287).
 *
 * Titles and summaries are `type="text"`, never `html`: a headline such as `Fish & Chips <b>`
 * is read as the words it is. The body is `type="html"`, escaped. Attribution: one `author` per
 * byline, `rights` for the copyright, `dc:source` for the agency, `dc:coverage` for the dateline
 * (RFC 4287 allows extension elements anywhere in an entry).
 *
 * @param doc the feed, items newest first; rendered in the given order.
 * @param siteUrl absolute site URL, used to make each entry's id (see `itemId`).
 * @returns the document, ending with a newline; the same input always gives the same bytes.
 * @example renderAtom(doc, "https://news.example.com/")
 */
export function renderAtom(doc: FeedDoc, siteUrl: string): string {
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    ...stylesheetPi(doc.stylesheet),
    // xml:lang is the only place Atom carries the feed language.
    `<feed ${rootAttrs(doc)} xml:lang="${escapeAttr(doc.language)}">`,
    ...indent(feedLines(doc), 2),
    ...indent(historyLines(doc), 2),
    // Extension elements of the feed: RFC 4287's schema wants them before the first entry.
    ...indent((doc.deleted ?? []).map((t) => emptyElement("at:deleted-entry", { ref: itemId(siteUrl, t.id), when: iso(t.when) })), 2),
    ...indent(doc.items.flatMap((story) => entryLines(story, siteUrl)), 2),
    "</feed>",
    "",
  ].join("\n");
}

function rootAttrs(doc: FeedDoc): string {
  const archive = doc.history?.archive ? ` ${FH_NS}` : "";
  const deleted = doc.deleted?.length ? ` ${AT_NS}` : "";
  return `${ROOT_ATTRS}${archive}${deleted}`;
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

function entryLines(story: Story, siteUrl: string): string[] {
  const children = [
    textElement("id", itemId(siteUrl, story.id)),
    textElement("title", story.title, { type: "text" }),
    emptyElement("link", { rel: "alternate", type: "text/html", href: story.link }),
    textElement("published", iso(story.published)),
    textElement("updated", iso(story.updated ?? story.published)),
    ...story.byline.map((name) => rawElement("author", textElement("name", name))),
    textElement("summary", story.summary, { type: "text" }),
    textElement("content", story.contentHtml, { type: "html" }),
    ...story.categories.map((term) => emptyElement("category", { term })),
    textElement("rights", story.copyright, { type: "text" }),
    textElement("dc:source", story.credit),
    ...(story.dateline === undefined ? [] : [textElement("dc:coverage", story.dateline)]),
  ];
  const open = story.language === undefined ? "<entry>" : `<entry xml:lang="${escapeAttr(story.language)}">`;
  return [open, ...indent(children, 2), "</entry>"];
}
