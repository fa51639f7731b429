/**
 * What the build writes beside the feeds so people, not just feed readers, can use them: the XSL
 * stylesheet, `index.html`, and an HTML view per RSS and Atom feed (pure).
 */
import type { Config } from "../config.js";
import type { FeedDoc } from "./model.js";
import { renderFeedHtml, renderIndexHtml } from "./page.js";
import { FEED_XSL, STYLESHEET_FILE } from "./stylesheet.js";

/** The config fields the site pages need. */
export type SiteConfig = Pick<Config, "siteUrl" | "title" | "description" | "language" | "copyright"> & { hub?: string };

/**
 * The path of `url` relative to the site (`https://x/categories/world/rss.xml` →
 * `categories/world/rss.xml`), or undefined for a URL outside it.
 */
export function sitePath(url: string, siteUrl: string): string | undefined {
  const base = siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`;
  return url.startsWith(base) && url.length > base.length ? decodeURI(url.slice(base.length).split(/[?#]/)[0]!) : undefined;
}

/**
 * An href from the page at site path `from` to site path `to`, both relative to the site root, so
 * links work wherever the folder is served (`wirefeed serve` on 127.0.0.1, GitHub Pages, a CDN).
 * @example relativeHref("categories/world/rss.xml", "feed.xsl") // "../../feed.xsl"
 */
export function relativeHref(from: string, to: string): string {
  const fromDirs = from.split("/").slice(0, -1);
  const toParts = to.split("/");
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  const href = [...fromDirs.slice(common).map(() => ".."), ...toParts.slice(common)].join("/");
  return encodeURI(href);
}

/**
 * The feed as it should be rendered for the site: `stylesheet` set to the shipped `feed.xsl`
 * (relative to the feed) and `hub` set from config. Call it on each FeedDoc before rendering.
 * A feed published outside the site URL keeps no stylesheet: browsers load XSLT from the same
 * origin only.
 * @example renderAll(siteDoc(mainFeed(stories, config, now), config), config.siteUrl)
 */
export function siteDoc(doc: FeedDoc, config: SiteConfig): FeedDoc {
  const path = sitePath(doc.urls.rss, config.siteUrl);
  return {
    ...doc,
    ...(path === undefined ? {} : { stylesheet: relativeHref(path, STYLESHEET_FILE) }),
    ...(config.hub === undefined ? {} : { hub: config.hub }),
  };
}

/**
 * Files to write beside the feeds, by path relative to the output folder: `feed.xsl`,
 * `index.html` (every feed, with autodiscovery links), and for each RSS or Atom feed inside the
 * site an HTML view named after it (`rss.xml` → `rss.html`), which `wirefeed serve` sends to
 * browsers that open the feed's URL.
 * @example for (const [name, text] of extraOutputs([doc], config)) await writeAtomic(join(out, name), text)
 */
export function extraOutputs(docs: readonly FeedDoc[], config: SiteConfig): Map<string, string> {
  const files = new Map<string, string>([[STYLESHEET_FILE, FEED_XSL]]);
  const indexFeeds = docs.map((doc) => {
    const paths = { rss: sitePath(doc.urls.rss, config.siteUrl), atom: sitePath(doc.urls.atom, config.siteUrl), json: sitePath(doc.urls.json, config.siteUrl) };
    const from = (page: string) => ({
      rss: paths.rss === undefined ? doc.urls.rss : relativeHref(page, paths.rss),
      atom: paths.atom === undefined ? doc.urls.atom : relativeHref(page, paths.atom),
      json: paths.json === undefined ? doc.urls.json : relativeHref(page, paths.json),
    });
    let view: string | undefined;
    for (const feed of [paths.rss, paths.atom]) {
      if (feed === undefined || !feed.endsWith(".xml")) continue;
      const page = feed.replace(/\.xml$/, ".html");
      files.set(page, renderFeedHtml(doc, from(page)));
      view ??= relativeHref("index.html", page);
    }
    return { title: doc.title, description: doc.description, urls: from("index.html"), items: doc.items.length, ...(view ? { view } : {}) };
  });
  files.set("index.html", renderIndexHtml(indexFeeds, {
    title: config.title,
    description: config.description,
    language: config.language,
    copyright: config.copyright,
  }));
  return files;
}
