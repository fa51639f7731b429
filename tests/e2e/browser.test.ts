/// <reference lib="dom" />
/**
 * The feeds as an editor sees them: built from the fixture stories, served by `createFeedServer`
 * on 127.0.0.1, opened in a real headless Chromium (Debian's `chromium`, driven by playwright-core).
 * Each story's headline, byline, credit, dateline, copyright and time must be visible, no script
 * may run, and a screenshot of each page is kept in tests/artifacts/ for people to look at.
 *
 * Chromium missing is a failure, not a skip: `.ci/run` installs it. (The DOM types referenced
 * above are for the callbacks that run inside the page.)
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { createFeedServer } from "../../src/serve/server.js";
import { baseUrl, close, listen } from "../support/http.js";
import { testConfig } from "../support/config.js";
import { makeTree } from "../support/tree.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VALID = fileURLToPath(new URL("../fixtures/stories/valid/", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");

interface Expected { title: string; summary: string; byline: string[]; credit: string; dateline?: string; copyright: string; published: string }
interface Shown { headline: string; summary: string; byline: string; credit: string; dateline: string | null; copyright: string; creditLine: string; datetime: string | null; time: string; hidden: string[] }

/**
 * Builds the fixture stories with `build` (which writes feed.xsl, index.html and the HTML views
 * beside the feeds) and returns what each story should show.
 */
async function buildSite(out: string, config: Config): Promise<Expected[]> {
  const result = await build({ config, stories: VALID, out, now: NOW });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  for (const name of ["feed.xsl", "index.html", "rss.html", "atom.html"]) expect(existsSync(join(out, name)), name).toBe(true);
  const json = JSON.parse(readFileSync(join(out, "feed.json"), "utf8"));
  return json.items.map((i: { title: string; summary: string; date_published: string; _wire: Expected }) =>
    ({ ...i._wire, title: i.title, summary: i.summary, published: i.date_published }));
}

/** What the page shows of each story, read from the rendered DOM, with the fields that are not visible. */
function storiesOnPage(page: Page): Promise<Shown[]> {
  return page.$$eval("article.story", (articles) => articles.map((a) => {
    const field = (selector: string) => a.querySelector<HTMLElement>(selector);
    const fields = [".headline", ".byline", ".credit", ".copyright", ".wire-credit", "time.published", ".dateline"];
    const hidden = fields.filter((s) => {
      const el = field(s);
      if (!el) return s !== ".dateline";
      const box = el.getBoundingClientRect();
      return !el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || box.width === 0 || box.height === 0;
    });
    return {
      headline: field(".headline")?.innerText ?? "",
      summary: field(".summary")?.innerText ?? "",
      byline: field(".byline")?.innerText ?? "",
      credit: field(".credit")?.innerText ?? "",
      dateline: field(".dateline")?.innerText ?? null,
      copyright: field(".copyright")?.innerText ?? "",
      creditLine: field(".wire-credit")?.innerText ?? "",
      datetime: field("time.published")?.getAttribute("datetime") ?? null,
      time: field("time.published")?.innerText ?? "",
      hidden,
    };
  }));
}

/** A PNG of sensible size that is not blank: decoded in the browser, many colours, plenty of ink. */
async function expectReadablePng(browser: Browser, path: string): Promise<void> {
  const png = readFileSync(path);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  expect(width).toBeGreaterThanOrEqual(800);
  expect(height).toBeGreaterThanOrEqual(600);
  expect(png.length).toBeGreaterThan(20_000);
  const page = await browser.newPage();
  try {
    const stats = await page.evaluate(async (dataUrl) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const colours = new Set<number>();
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) {
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        if (data[i]! + data[i + 1]! + data[i + 2]! < 300) ink++;
      }
      return { colours: colours.size, ink: ink / (data.length / 4) };
    }, `data:image/png;base64,${png.toString("base64")}`);
    expect(stats.colours).toBeGreaterThan(20);
    expect(stats.ink).toBeGreaterThan(0.005);
  } finally {
    await page.close();
  }
}

describe("feeds in a real browser", () => {
  const root = makeTree({});
  const out = join(root, "out");
  const xsltOnly = join(root, "xslt-only");
  const config = testConfig({ siteUrl: "https://wire.example.org/", title: "Northwind desk", publisher: "Example Desk", copyright: "Copyright © 2025 the respective agencies." });
  let expected: Expected[] = [];
  let browser: Browser;
  let server: Server;
  let xsltServer: Server;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`).toBe(true);
    expected = await buildSite(out, config);
    expect(expected).toHaveLength(4);
    // The same site without the HTML views: browsers then get the feeds as XML and apply feed.xsl.
    cpSync(out, xsltOnly, { recursive: true });
    for (const view of ["rss.html", "atom.html"]) rmSync(join(xsltOnly, view));
    server = await listen(createFeedServer({ out }));
    xsltServer = await listen(createFeedServer({ out: xsltOnly }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
    if (xsltServer) await close(xsltServer);
    rmSync(root, { recursive: true, force: true });
  });

  const views = [
    ["rss", "HTML view", () => server],
    ["atom", "HTML view", () => server],
    ["rss", "XSLT", () => xsltServer],
    ["atom", "XSLT", () => xsltServer],
  ] as const;

  for (const [format, how, serverOf] of views) {
    it(`shows /${format}.xml (${how}) with every story's attribution, no script, and a readable screenshot`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      try {
        const response = await page.goto(`${baseUrl(serverOf())}/${format}.xml`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()["content-type"]).toBe(how === "XSLT" ? "application/xml; charset=utf-8" : "text/html; charset=utf-8");
        expect(await page.locator("script").count()).toBe(0);
        expect(await page.title()).toBe("Northwind desk");
        const shown = await storiesOnPage(page);
        expect(shown.map((s) => s.headline)).toEqual(expected.map((e) => e.title));
        for (const [i, story] of expected.entries()) {
          const s = shown[i]!;
          expect(s.hidden, story.title).toEqual([]);
          for (const name of story.byline) expect(s.byline).toContain(name);
          expect(s.credit).toBe(story.credit);
          expect(s.copyright).toBe(story.copyright);
          expect(s.summary).toBe(story.summary);
          // The credit line (#22), as the feeds end each item's content with it (the default template).
          const terms = (story as { usage_terms?: string }).usage_terms;
          expect(s.creditLine).toBe(`By ${story.byline.join(", ")} · ${story.credit} · ${story.copyright}${terms ? ` · ${terms}` : ""}`);
          expect(s.dateline).toBe(story.dateline ?? null);
          // To the second: RSS dates carry no milliseconds.
          expect(Math.floor(Date.parse(s.datetime ?? "") / 1000)).toBe(Math.floor(Date.parse(story.published) / 1000));
          expect(s.time).toBe(`${story.published.slice(0, 10)} ${story.published.slice(11, 16)} UTC`);
        }
        // The attribution is on the rendered page, as a reader sees it (innerText skips hidden text).
        const text = await page.evaluate(() => document.body.innerText);
        for (const story of expected) expect(text).toContain(story.copyright);
        expect(text).not.toContain("<?xml");
        const shot = join(ARTIFACTS, `${format}-${how === "XSLT" ? "xslt" : "view"}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await expectReadablePng(browser, shot);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it("shows /index.html with every feed, autodiscovery and subscribe links, no script", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    try {
      const response = await page.goto(`${baseUrl(server)}/`);
      expect(response?.headers()["content-type"]).toBe("text/html; charset=utf-8");
      expect(await page.locator("script").count()).toBe(0);
      const alternates = await page.$$eval('link[rel="alternate"]', (ls) => ls.map((l) => [l.getAttribute("type"), (l as HTMLLinkElement).href]));
      // The main feed first, then each desk feed, each in three formats.
      expect(alternates.slice(0, 3)).toEqual([
        ["application/rss+xml", `${baseUrl(server)}/rss.xml`],
        ["application/atom+xml", `${baseUrl(server)}/atom.xml`],
        ["application/feed+json", `${baseUrl(server)}/feed.json`],
      ]);
      const desks = JSON.parse(readFileSync(join(out, "index.json"), "utf8")).feeds.length - 1;
      expect(desks).toBeGreaterThan(0);
      expect(alternates.length).toBe(3 * (1 + desks));
      expect(alternates.slice(3).every(([, href]) => String(href).startsWith(`${baseUrl(server)}/categories/`))).toBe(true);
      expect(await page.locator("li.feed").count()).toBe(1 + desks);
      const feed = page.locator("li.feed").first();
      expect(await feed.locator("h2").innerText()).toBe("Northwind desk");
      expect(await feed.innerText()).toContain("4 stories");
      for (const label of ["RSS", "Atom", "JSON Feed"]) expect(await feed.getByRole("link", { name: label, exact: true }).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.body.innerText)).toContain("Copyright © 2025 the respective agencies.");
      // Following the feed's title opens its view with the stories.
      await feed.locator("h2 a").click();
      await page.waitForURL(/rss\.html$/);
      expect(await page.locator("article.story").count()).toBe(4);
      await page.goto(`${baseUrl(server)}/`);
      const shot = join(ARTIFACTS, "index.png");
      await page.screenshot({ path: shot, fullPage: true });
      await expectReadablePng(browser, shot);
    } finally {
      await page.close();
    }
  }, 60_000);
});
