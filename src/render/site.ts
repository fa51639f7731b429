/**
 * What the build writes beside the feeds so people, not just feed readers, can use them: the XSL
 * stylesheet, `index.html`, and an HTML view per RSS and Atom feed (pure).
 */
import type { SiteConfig } from "../config/config.js";
import type { FeedDoc, FeedUrls, IndexEntry } from "../model/feed.js";
import { renderFeedHtml, renderIndexHtml } from "./page.js";
import { relativeHref, sitePath, STYLESHEET_FILE } from "../model/site-urls.js";
import { FEED_XSL } from "./stylesheet.js";


/** A feed's format paths relative to the site (undefined for a URL outside it). */
function feedPaths(doc: FeedDoc, siteUrl: string) {
  return { rss: sitePath(doc.urls.rss, siteUrl), atom: sitePath(doc.urls.atom, siteUrl), json: sitePath(doc.urls.json, siteUrl) };
}

/** Hrefs from the page at site path `page` to each format of `doc`. */
function hrefsFrom(page: string, doc: FeedDoc, siteUrl: string): FeedUrls {
  const paths = feedPaths(doc, siteUrl);
  const href = (key: keyof FeedUrls) => { const p = paths[key]; return p === undefined ? doc.urls[key] : relativeHref(page, p); };
  return { rss: href("rss"), atom: href("atom"), json: href("json") };
}

/** Site paths of the HTML views of `doc`: each RSS or Atom feed inside the site, `.xml` → `.html`. */
function viewPaths(doc: FeedDoc, siteUrl: string): { page: string; address: string }[] {
  const { rss, atom } = feedPaths(doc, siteUrl);
  return ([[rss, doc.urls.rss], [atom, doc.urls.atom]] as const)
    .flatMap(([p, address]) => (p !== undefined && p.endsWith(".xml") ? [{ page: p.replace(/\.xml$/, ".html"), address }] : []));
}

/**
 * The HTML views of one feed (`rss.xml` → `rss.html`, `atom.xml` → `atom.html`), which
 * `wirefeed serve` sends to browsers that open the feed's URL. Render them whenever the feed's own
 * files are rendered, from the same document: they show its summaries, so they need the stories
 * with bodies read.
 * @example for (const [name, text] of feedViews(doc, config)) await writeAtomic(join(out, name), text)
 */
export function feedViews(doc: FeedDoc, config: SiteConfig): Map<string, string> {
  return new Map(viewPaths(doc, config.siteUrl).map(({ page, address }) => [page, renderFeedHtml(doc, hrefsFrom(page, doc, config.siteUrl), address)]));
}

/**
 * `feed.xsl` and `index.html` (every feed, with autodiscovery and subscribe links). They use only
 * titles, URLs and item counts, so the documents need no bodies: write them on every build (the
 * write skips unchanged bytes).
 */
export function siteFiles(docs: readonly FeedDoc[], config: SiteConfig): Map<string, string> {
  const feeds = docs.map((doc) => {
    const view = viewPaths(doc, config.siteUrl)[0]?.page;
    return {
      title: doc.title,
      description: doc.description,
      urls: hrefsFrom("index.html", doc, config.siteUrl),
      items: doc.items.length,
      ...(view === undefined ? {} : { view: relativeHref("index.html", view) }),
    };
  });
  const index = renderIndexHtml(feeds, { title: config.title, description: config.description, language: config.language, copyright: config.copyright });
  return new Map([[STYLESHEET_FILE, FEED_XSL], ["index.html", index]]);
}

/**
 * Every file to write beside the feeds, by path relative to the output folder: `siteFiles` and
 * each document's `feedViews`. Pass documents whose stories have their bodies read.
 * @example for (const [name, text] of extraOutputs([doc], config)) await writeAtomic(join(out, name), text)
 */
export function extraOutputs(docs: readonly FeedDoc[], config: SiteConfig): Map<string, string> {
  return new Map([...siteFiles(docs, config), ...docs.flatMap((doc) => [...feedViews(doc, config)])]);
}

/**
 * `index.json`: every live feed with its URLs and item count, in plan order (main, config feeds,
 * desks by folder); `2`-space JSON ending in a newline, so the same feeds give the same bytes.
 */
export function renderIndex(entries: readonly IndexEntry[], config: Pick<SiteConfig, "title" | "siteUrl">): string {
  return `${JSON.stringify({ title: config.title, home_page_url: config.siteUrl, feeds: entries }, null, 2)}\n`;
}
