/**
 * Where a feed's files are on the site (pure): their URLs from the feed's folder, a URL's path
 * inside the site, and the relative href from one site path to another.
 */
import type { FeedUrls } from "./feed.js";

/** The file name the stylesheet is written under, beside the top-level feeds. */
export const STYLESHEET_FILE = "feed.xsl";

/** Where the three files of the feed in folder `prefix` are published. */
export function feedUrls(siteUrl: string, prefix: string): FeedUrls {
  const url = (name: string) => new URL(`${prefix}${name}`, siteUrl).href;
  return { rss: url("rss.xml"), atom: url("atom.xml"), json: url("feed.json") };
}

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
