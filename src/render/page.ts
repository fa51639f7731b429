/**
 * The HTML pages wirefeed writes beside the feeds: `index.html`, listing every feed, and the
 * browser view of one feed (pure). No script anywhere: the pages are text, links and one style
 * sheet, and every value is escaped.
 */
import type { Story } from "../model/story.js";
import { creditHtml, storyCredit } from "./credit.js";
import { cleanPicture, figuresHtml } from "./picture.js";
import type { FeedDoc, FeedUrls } from "../model/feed.js";
import { escapeMarkup, stripForbidden } from "../model/xml-chars.js";

/**
 * The pages' style, shared with the XSL stylesheet so a feed looks the same whichever way it is
 * turned into a page. Plain CSS without `<` or `&`, so it can sit inside XML unescaped.
 */
export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1b1d21; --muted: #5b616e; --rule: #dde1e8; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { padding-top: 2rem; padding-bottom: .5rem; }
header.site h1 { margin: .2rem 0 .4rem; font-size: 1.9rem; line-height: 1.2; }
.kind { margin: 0; color: var(--muted); font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; }
.description { margin: 0 0 .8rem; color: var(--muted); }
.subscribe { margin: 0; padding: .7rem .9rem; background: #fff; border: 1px solid var(--rule); border-radius: 6px; font-size: .9rem; }
.subscribe code { display: block; margin-top: .2rem; overflow-wrap: anywhere; font-size: .85rem; }
a { color: var(--accent); }
article.story, li.feed { margin: 1rem 0; padding: 1rem 1.1rem; background: #fff; border: 1px solid var(--rule); border-radius: 6px; }
ul.feeds { margin: 0; padding: 0; list-style: none; }
h2.headline, li.feed h2 { margin: 0 0 .3rem; font-size: 1.25rem; line-height: 1.3; }
h2.headline a { color: var(--ink); text-decoration: none; }
h2.headline a:hover { text-decoration: underline; }
.meta, .attribution { margin: 0 0 .35rem; color: var(--muted); font-size: .9rem; }
.dateline { font-weight: 600; letter-spacing: .04em; text-transform: uppercase; color: var(--ink); }
.summary { margin: .4rem 0; }
.copyright { margin: .5rem 0 0; padding-top: .4rem; border-top: 1px dashed var(--rule); color: var(--muted); font-size: .8rem; }
.wire-credit { margin: .3rem 0 0; color: var(--muted); font-size: .8rem; }
figure.wire-picture { margin: .7rem 0; }
figure.wire-picture img { display: block; max-width: 100%; height: auto; min-height: 2rem; background: var(--rule); }
figure.wire-picture figcaption { margin-top: .3rem; font-size: .85rem; }
.wire-picture-credit { display: block; color: var(--muted); font-size: .8rem; }
footer.site { padding-top: .5rem; padding-bottom: 2.5rem; color: var(--muted); font-size: .8rem; }
`;

/** Escapes text for HTML content and double-quoted attribute values (numeric references). */
export function escapeHtml(s: string): string {
  return escapeMarkup(stripForbidden(s), "html");
}

/** An href only for http(s) URLs and relative paths; `javascript:` and other schemes are never linked. */
function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url) ? escapeHtml(url) : undefined;
}

/** `<a>` to `url`, or the bare label when the URL is not one a page should follow. */
function anchor(url: string, label: string, type?: string): string {
  const href = safeHref(url);
  return href === undefined ? label : `<a href="${href}"${type ? ` type="${type}"` : ""}>${label}</a>`;
}

/** The autodiscovery `<link>` lines for one feed's three formats. */
function alternates(title: string, urls: FeedUrls): string[] {
  return TYPES.flatMap(([key, type, label]) => {
    const href = safeHref(urls[key]);
    return href === undefined ? [] : [`<link rel="alternate" type="${type}" title="${escapeHtml(`${title} (${label})`)}" href="${href}">`];
  });
}

/** An ISO instant as pages show it: `2025-03-04 08:30 UTC` (the XSL stylesheet writes the same). */
export function displayTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function time(cls: string, date: Date): string {
  const iso = date.toISOString();
  return `<time class="${cls}" datetime="${iso}">${displayTime(iso)}</time>`;
}

/** The page skeleton both pages share; `head` holds extra `<link>` lines, already escaped. */
function page(lang: string, title: string, head: string[], body: string[]): string {
  return [
    "<!DOCTYPE html>",
    `<html lang="${escapeHtml(lang)}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    ...head,
    `<style>${PAGE_CSS}</style>`,
    "</head>",
    "<body>",
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** One feed as `renderIndexHtml` lists it; URLs absolute or relative to `index.html`. */
export interface IndexFeed {
  title: string;
  description?: string;
  urls: FeedUrls;
  /** Stories in the feed now. */
  items: number;
  /** The feed's browser view, if one was written; the feed title links to it. */
  view?: string;
}

/** The site as the index page introduces it. */
export interface IndexSite {
  title: string;
  description?: string;
  /** BCP 47 language of the page. */
  language: string;
  /** Shown in the footer: the channel copyright notice. */
  copyright?: string;
}

const TYPES = [
  ["rss", "application/rss+xml", "RSS"],
  ["atom", "application/atom+xml", "Atom"],
  ["json", "application/feed+json", "JSON Feed"],
] as const;

/**
 * `index.html`: every feed with autodiscovery links (`<link rel="alternate">`, so browsers and
 * readers given the site's address find the feeds) and a subscribe link per format.
 * @example renderIndexHtml([{ title: "Wire", urls: { rss: "rss.xml", atom: "atom.xml", json: "feed.json" }, items: 4 }], { title: "Wire", language: "en" })
 */
export function renderIndexHtml(feeds: readonly IndexFeed[], site: IndexSite): string {
  const head = feeds.flatMap((f) => alternates(f.title, f.urls));
  const list = feeds.map((f) => {
    const title = f.view === undefined ? escapeHtml(f.title) : anchor(f.view, escapeHtml(f.title));
    const links = TYPES.map(([key, type, label]) => anchor(f.urls[key], label, type));
    return [
      '<li class="feed">',
      `<h2>${title}</h2>`,
      ...(f.description ? [`<p class="description">${escapeHtml(f.description)}</p>`] : []),
      `<p class="meta">${f.items} ${f.items === 1 ? "story" : "stories"}</p>`,
      `<p class="subscribe">Subscribe: ${links.join(" · ")}</p>`,
      "</li>",
    ].join("\n");
  });
  return page(site.language, site.title, head, [
    '<header class="site">',
    '<p class="kind">Web feeds</p>',
    `<h1>${escapeHtml(site.title)}</h1>`,
    ...(site.description ? [`<p class="description">${escapeHtml(site.description)}</p>`] : []),
    "<p>To subscribe, copy a feed's address into your feed reader.</p>",
    "</header>",
    "<main>",
    '<ul class="feeds">',
    ...list,
    "</ul>",
    "</main>",
    footer(site.copyright),
  ]);
}

/**
 * The browser view of one feed, as `wirefeed serve` answers a browser that opens the feed's URL:
 * each story with headline (linked), dateline, time, byline, credit, summary and copyright, and
 * each picture with its caption and credit beneath it, and the credit line as the feeds end
 * each item's content with it.
 * @param hrefs where the page links for each format (relative to the page, or absolute).
 * @param address the absolute URL shown to copy into a reader; default the RSS feed's.
 */
export function renderFeedHtml(doc: FeedDoc, hrefs: FeedUrls, address = doc.urls.rss): string {
  const head = alternates(doc.title, hrefs);
  const links = TYPES.map(([key, type, label]) => anchor(hrefs[key], label, type));
  return page(doc.language, doc.title, head, [
    '<header class="site">',
    '<p class="kind">Web feed</p>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="description">${escapeHtml(doc.description)}</p>`,
    `<p class="subscribe">To subscribe, copy this address into your feed reader: <code>${escapeHtml(address)}</code>${links.join(" · ")}</p>`,
    "</header>",
    "<main>",
    ...doc.items.map((story) => storyHtml(story, doc.creditLine)),
    "</main>",
    footer(doc.copyright),
  ]);
}

function storyHtml(story: Story, creditLine: string | undefined): string {
  const headline = anchor(story.link, escapeHtml(story.title));
  const updated = story.updated && story.updated.getTime() !== story.published.getTime() ? ` · updated ${time("updated", story.updated)}` : "";
  return [
    '<article class="story">',
    `<h2 class="headline">${headline}</h2>`,
    `<p class="meta">${story.dateline === undefined ? "" : `<span class="dateline">${escapeHtml(story.dateline)}</span> · `}${time("published", story.published)}${updated}</p>`,
    `<p class="attribution"><span class="byline">By ${escapeHtml(story.byline.join(", "))}</span> · <span class="credit">${escapeHtml(story.credit)}</span></p>`,
    `<p class="summary">${escapeHtml(story.summary)}</p>`,
    ...optional(figuresHtml(story.images?.map(cleanPicture))),
    `<p class="copyright">${escapeHtml(story.copyright)}</p>`,
    ...optional(creditHtml(storyCredit(creditLine, story))),
    "</article>",
  ].join("\n");
}

const optional = (line: string): string[] => (line === "" ? [] : [line]);

function footer(copyright: string | undefined): string {
  return ['<footer class="site">', ...(copyright ? [`<p class="rights">${escapeHtml(copyright)}</p>`] : []), "<p>Made by wirefeed.</p>", "</footer>"].join("\n");
}
