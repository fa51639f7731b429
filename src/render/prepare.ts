/**
 * What the three renderers share, worked out once per document: every string cleaned of
 * XML-forbidden characters, and each item's id and dates formatted. `renderAll` renders RSS, Atom
 * and JSON Feed from one `PreparedDoc`, so a feed's bodies (the bulk of its bytes) are scanned once
 * rather than once per format and per use, and each id is parsed as a URL once.
 */
import type { Story } from "../model/story.js";
import { creditHtml, storyCredit, withCredit } from "./credit.js";
import { cleanPicture, figuresHtml } from "./picture.js";
import { itemId, type FeedDoc, type FeedHistory, type FeedUrls } from "../model/feed.js";
import { stripForbidden } from "../model/xml-chars.js";
import { iso, rfc822 } from "./xml.js";

/** A feed document ready to write: its text cleaned, its items prepared (see `prepare`). */
export interface PreparedDoc {
  /** The document with every string cleaned; its `items` and `deleted` are left as given. */
  doc: FeedDoc;
  /** Absolute site URL the ids are made from. */
  siteUrl: string;
  /** The stories, in the document's order. */
  items: PreparedItem[];
}

/** One story as every format writes it. */
export interface PreparedItem {
  /** The story with every string it writes cleaned (not `id` or `file`: formats write `id` below). */
  story: Story;
  /** The item id in every format (see `itemId`). */
  id: string;
  /** `published`: RFC 3339 (Atom, JSON Feed) and RFC 822 (RSS `pubDate`). */
  published: string;
  pubDate: string;
  /** `updated ?? published`, RFC 3339: Atom `updated`, JSON Feed `date_modified`. */
  updated: string;
  /** `updated` when set, RFC 3339: RSS `dcterms:modified`. */
  modified?: string;
  /** The credit line as plain text (see `creditLine`), or `""` when the document has none. */
  creditLine: string;
  /** The credit line as a paragraph (see `creditHtml`), or `""`. */
  credit: string;
  /** The item's content as every format writes it: the body, each picture's figure, then the credit paragraph. */
  content: string;
}

/**
 * Cleans and formats everything the renderers write. This is where the last line of defence
 * against XML-forbidden characters stands: everything written comes from here or is constant.
 * Invalid dates and ids throw here, as they did while writing (a RangeError for an invalid date).
 * @example xml = rssLines(prepare(doc, "https://news.example.com/")).join("\n")
 */
export function prepare(doc: FeedDoc, siteUrl: string): PreparedDoc {
  const template = doc.creditLine;
  if (!doc.history?.archive) return { doc: cleanDoc(doc), siteUrl, items: doc.items.map((story) => prepareItem(story, siteUrl, template)) };
  const before = lastPage && lastPage.siteUrl === siteUrl && lastPage.template === template ? lastPage.items : undefined;
  const items = doc.items.map((story) => before?.get(story) ?? prepareItem(story, siteUrl, template));
  lastPage = { siteUrl, template, items: new Map(doc.items.map((story, i) => [story, items[i]!])) };
  return { doc: cleanDoc(doc), siteUrl, items };
}

/**
 * The items of the last archive page prepared, by story, with what they were prepared with. A
 * watcher renders an archive page's fifty stories again for an edit of one of them, and the other
 * stories come back as the same objects (the catalogue keeps the page's bodies, see
 * `Catalog.hydrate`): cleaning their bodies again was ~1 ms of such a rebuild at 10,000 stories
 * (#20). Stories are not changed once made, and an item is a function of its story, the site URL
 * and the credit template. One page's worth: keeping every live feed's items too cost the watcher
 * ~20 MB of peak memory for no rebuild's gain.
 */
let lastPage: { siteUrl: string; template: string | undefined; items: Map<Story, PreparedItem> } | undefined;

function prepareItem(raw: Story, siteUrl: string, template: string | undefined): PreparedItem {
  const story = cleanStory(raw);
  const line = storyCredit(template, story);
  const credit = creditHtml(line);
  return {
    story,
    id: stripForbidden(itemId(siteUrl, story.id)),
    published: iso(story.published),
    pubDate: rfc822(story.published),
    updated: iso(story.updated ?? story.published),
    ...(story.updated === undefined ? {} : { modified: iso(story.updated) }),
    creditLine: line,
    credit,
    content: withCredit(withCredit(story.contentHtml, figuresHtml(story.images)), credit),
  };
}

/** Whether any item has a picture: the feed then declares the Media RSS namespace. */
export function hasPictures(p: PreparedDoc): boolean {
  return p.items.some((i) => i.story.images !== undefined && i.story.images.length > 0);
}

/**
 * The killed stories as Atom and JSON Feed write them: id and time. Made on demand, not by
 * `prepare`: RSS has no tombstones, and so never fails on one.
 */
export function tombstones(p: PreparedDoc): { id: string; when: string }[] {
  return (p.doc.deleted ?? []).map((t) => ({ id: stripForbidden(itemId(p.siteUrl, t.id)), when: iso(t.when) }));
}

/** Cleans a list of strings (bylines, categories). */
const cleanAll = (xs: readonly string[]): string[] => xs.map(stripForbidden);

/** The story with every string field a format writes cleaned; absent optional fields stay absent. */
function cleanStory(s: Story): Story {
  const clean: Story = {
    ...s,
    title: stripForbidden(s.title),
    byline: cleanAll(s.byline),
    credit: stripForbidden(s.credit),
    copyright: stripForbidden(s.copyright),
    summary: stripForbidden(s.summary),
    contentHtml: stripForbidden(s.contentHtml),
    categories: cleanAll(s.categories),
    link: stripForbidden(s.link),
    status: stripForbidden(s.status) as Story["status"],
  };
  if (s.usageTerms !== undefined) clean.usageTerms = stripForbidden(s.usageTerms);
  if (s.dateline !== undefined) clean.dateline = stripForbidden(s.dateline);
  if (s.language !== undefined) clean.language = stripForbidden(s.language);
  if (s.correction !== undefined) clean.correction = stripForbidden(s.correction);
  if (s.images !== undefined) clean.images = s.images.map(cleanPicture);
  return clean;
}

const cleanUrls = (u: FeedUrls): FeedUrls => ({ rss: stripForbidden(u.rss), atom: stripForbidden(u.atom), json: stripForbidden(u.json) });

function cleanHistory(h: FeedHistory): FeedHistory {
  return {
    ...h,
    ...(h.current === undefined ? {} : { current: cleanUrls(h.current) }),
    ...(h.prev === undefined ? {} : { prev: cleanUrls(h.prev) }),
    ...(h.next === undefined ? {} : { next: cleanUrls(h.next) }),
  };
}

/** The document's own strings cleaned; `items` and `deleted` as given (see `prepare`, `tombstones`). */
function cleanDoc(doc: FeedDoc): FeedDoc {
  return {
    ...doc,
    title: stripForbidden(doc.title),
    description: stripForbidden(doc.description),
    language: stripForbidden(doc.language),
    homeUrl: stripForbidden(doc.homeUrl),
    urls: cleanUrls(doc.urls),
    copyright: stripForbidden(doc.copyright),
    publisher: stripForbidden(doc.publisher),
    ...(doc.stylesheet === undefined ? {} : { stylesheet: stripForbidden(doc.stylesheet) }),
    ...(doc.hub === undefined ? {} : { hub: stripForbidden(doc.hub) }),
    ...(doc.history === undefined ? {} : { history: cleanHistory(doc.history) }),
  };
}
