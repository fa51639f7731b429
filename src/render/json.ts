import type { Picture, StoryStatus, WireSource } from "../model/story.js";
import type { FeedDoc } from "../model/feed.js";
import { tombstones, type PreparedDoc, type PreparedItem } from "./prepare.js";

/** JSON Feed's `version` value for 1.1. */
export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/** What the top-level `_wire` extension says about itself (JSON Feed asks for an `about`). */
const WIRE_ABOUT =
  "Wire attribution. Each item's _wire holds byline, credit (agency), copyright, dateline, usage_terms, version, status, correction, " +
  "and images: the story's pictures, the main one first, each with url, caption, alt, credit, copyright and usage_terms; " +
  "an agency story's also holds source: its format, version, item uri and the fields not mapped (unmapped, by name). " +
  "The feed's _wire.deleted lists killed stories ({id, when}): take them down.";

/** Wire attribution on an item; JSON Feed has no field for any of it. Keys are written in this order. */
export interface JsonWire {
  byline: string[];
  credit: string;
  copyright: string;
  dateline?: string;
  usage_terms?: string;
  version: number;
  status: StoryStatus;
  /** The correction note, when the story has one (also appended to `content_html`). */
  correction?: string;
  /** An agency story's format, version, item URI and the fields wirefeed does not map. */
  source?: WireSource;
  /** The story's pictures, the main one first, each with its own attribution (also as figures in `content_html`). */
  images?: JsonPicture[];
}

/** One picture in `_wire.images`. */
export interface JsonPicture {
  url: string;
  caption?: string;
  alt?: string;
  credit: string;
  copyright: string;
  usage_terms?: string;
  width?: number;
  height?: number;
  type?: string;
  length?: number;
}

/** One JSON Feed 1.1 item as wirefeed writes it. */
export interface JsonItem {
  id: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  /** The lead picture's URL, when the story has pictures. */
  image?: string;
  date_published: string;
  date_modified: string;
  authors: { name: string }[];
  tags: string[];
  language?: string;
  _wire: JsonWire;
}

/** A JSON Feed 1.1 document as wirefeed writes it. */
export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  /** The archive page holding the next (older) stories, when there is one. */
  next_url?: string;
  description: string;
  language: string;
  /** WebSub hubs, when the feed has one. */
  hubs?: { type: "WebSub"; url: string }[];
  authors: { name: string }[];
  _wire: { about: string; copyright: string; archive?: true; deleted?: { id: string; when: string }[] };
  items: JsonItem[];
}

/**
 * Renders a feed as JSON Feed 1.1.
 *
 * Attribution JSON Feed cannot hold (credit, copyright, dateline, usage terms) goes in a `_wire`
 * extension object on each item; the channel copyright in a top-level `_wire`. Items newest
 * first, in the document's order; each id made from the site URL (see `itemId`). The lines are
 * those of `JSON.stringify(feed, null, 2)` (see `pushJson`): keys always in the same order.
 *
 * The document as lines of a prepared document (see `prepare`), to be joined with newlines (the
 * last is empty, so the text ends in one): the signature of every format (see `FEED_FORMATS`). A
 * build writes them as they are, never making the one long string (see `writeAtomic`); the same
 * input always gives the same bytes.
 */
export function jsonFeedLines(p: PreparedDoc): string[] {
  const out: string[] = [];
  pushJson(out, "", "", jsonFeed(p), "");
  out.push("");
  return out;
}

/**
 * The JSON Feed document. JSON can carry any character, but the same text must read the same in
 * all three formats, so strings are those of the `PreparedDoc`: without the characters the XML
 * formats must drop. That also lets `JSON.stringify` run without a replacer function, which
 * would be called for every value.
 */
function jsonFeed(p: PreparedDoc): JsonFeed {
  const { doc } = p;
  const deleted = tombstones(p);
  return {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.urls.json,
    ...(doc.history?.prev === undefined ? {} : { next_url: doc.history.prev.json }),
    description: doc.description,
    language: doc.language,
    ...(doc.hub === undefined ? {} : { hubs: [{ type: "WebSub" as const, url: doc.hub }] }),
    authors: [{ name: doc.publisher }],
    _wire: {
      about: WIRE_ABOUT,
      copyright: doc.copyright,
      ...(doc.history?.archive ? { archive: true as const } : {}),
      ...(deleted.length ? { deleted } : {}),
    },
    items: p.items.map(jsonItem),
  };
}

/**
 * Appends JSON data (strings, numbers, booleans, null, arrays and plain objects) as the lines of
 * `JSON.stringify(value, null, 2)`, indented by `pad`; `head` opens the first line (the pad, and
 * the key if any) and `tail` closes the last (a comma if more follow).
 *
 * A build writes the lines as they are (see `writeAtomic`). `JSON.stringify` would give one
 * string, and a feed's half a megabyte of it, made flat to be written, cost five times what
 * making it did (2.3 ms against 0.46 ms for fifty stories on the machine measured): fresh memory
 * for every document.
 */
export function pushJson(out: string[], pad: string, head: string, value: unknown, tail: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${head}[]${tail}`);
      return;
    }
    out.push(`${head}[`);
    const inner = `${pad}  `;
    value.forEach((v, i) => pushJson(out, inner, inner, v, i < value.length - 1 ? "," : ""));
    out.push(`${pad}]${tail}`);
    return;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      out.push(`${head}{}${tail}`);
      return;
    }
    out.push(`${head}{`);
    const inner = `${pad}  `;
    keys.forEach((k, i) => pushJson(out, inner, `${inner}${JSON.stringify(k)}: `, (value as Record<string, unknown>)[k], i < keys.length - 1 ? "," : ""));
    out.push(`${pad}}${tail}`);
    return;
  }
  out.push(`${head}${JSON.stringify(value)}${tail}`);
}

function jsonItem({ story, id, published, updated, content }: PreparedItem): JsonItem {
  return {
    id,
    url: story.link,
    title: story.title,
    summary: story.summary,
    content_html: content,
    ...(story.images?.length ? { image: story.images[0]!.url } : {}),
    date_published: published,
    date_modified: updated,
    authors: story.byline.map((name) => ({ name })),
    tags: story.categories,
    // Spread-if-set, so absent fields are left out rather than written as null.
    ...(story.language === undefined ? {} : { language: story.language }),
    _wire: {
      byline: story.byline,
      credit: story.credit,
      copyright: story.copyright,
      ...(story.dateline === undefined ? {} : { dateline: story.dateline }),
      ...(story.usageTerms === undefined ? {} : { usage_terms: story.usageTerms }),
      version: story.version,
      status: story.status,
      ...(story.correction === undefined ? {} : { correction: story.correction }),
      ...(story.source === undefined ? {} : { source: story.source }),
      ...(story.images?.length ? { images: story.images.map(jsonPicture) } : {}),
    },
  };
}

function jsonPicture(p: Picture): JsonPicture {
  const { usageTerms, ...rest } = p;
  return {
    url: rest.url,
    ...(rest.caption === undefined ? {} : { caption: rest.caption }),
    ...(rest.alt === undefined ? {} : { alt: rest.alt }),
    credit: rest.credit,
    copyright: rest.copyright,
    ...(usageTerms === undefined ? {} : { usage_terms: usageTerms }),
    ...(rest.width === undefined ? {} : { width: rest.width }),
    ...(rest.height === undefined ? {} : { height: rest.height }),
    ...(rest.type === undefined ? {} : { type: rest.type }),
    ...(rest.length === undefined ? {} : { length: rest.length }),
  };
}
