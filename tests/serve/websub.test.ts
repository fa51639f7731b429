/**
 * WebSub: a real hub (an http server on 127.0.0.1) receives the publish pings; the feeds carry
 * their hub and self links in all three formats.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { renderAll } from "../../src/render/index.js";
import { siteDoc } from "../../src/plan/plan.js";
import { changedFeedUrls, createPublisher, type Publisher } from "../../src/serve/websub.js";
import { SITE_URL, fixtureDoc } from "../golden/fixture.js";
import { feedparser, writeTemp, xmlXPath } from "../validators.js";
import { close } from "../support/http.js";
import { until } from "../support/until.js";

interface Ping { at: number; contentType: string | undefined; form: URLSearchParams }

/** A hub that records each publish request and answers with the next status in `statuses` (then 204). */
async function startHub(statuses: number[] = [], delayMs = 0): Promise<{ url: string; pings: Ping[]; server: Server }> {
  const pings: Ping[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      pings.push({ at: Date.now(), contentType: req.headers["content-type"], form: new URLSearchParams(Buffer.concat(chunks).toString()) });
      setTimeout(() => res.writeHead(statuses.shift() ?? 204).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`, pings, server };
}


const FEEDS = ["https://news.example.com/rss.xml", "https://news.example.com/atom.xml"];
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

function publisher(hub: string, lines: string[], retry = { tries: 5, baseMs: 40 }): Publisher {
  const p = createPublisher({ hub, retry, log: (l) => lines.push(l) });
  cleanups.push(() => p.close());
  return p;
}

describe("createPublisher", () => {
  it("POSTs hub.mode=publish form-encoded, one request per URL, without blocking the caller", async () => {
    const hub = await startHub();
    cleanups.push(() => close(hub.server));
    const lines: string[] = [];
    const p = publisher(hub.url, lines);
    const started = performance.now();
    expect(p.notify(FEEDS)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(20);
    expect(hub.pings).toHaveLength(0); // returned before anything was sent
    await p.idle();
    expect(hub.pings.map((ping) => ping.contentType)).toEqual(["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"]);
    expect(hub.pings.map((ping) => [ping.form.get("hub.mode"), ping.form.getAll("hub.url")])).toEqual([
      ["publish", [FEEDS[0]]],
      ["publish", [FEEDS[1]]],
    ]);
    expect(lines).toEqual(FEEDS.map((url) => `websub: published ${url} to ${hub.url}`));
  });

  it("retries a hub that fails twice, with growing waits, then succeeds", async () => {
    const hub = await startHub([503, 500]);
    cleanups.push(() => close(hub.server));
    const lines: string[] = [];
    const p = publisher(hub.url, lines);
    p.notify([FEEDS[0]!]);
    await p.idle();
    expect(hub.pings).toHaveLength(3);
    expect(hub.pings.every((ping) => ping.form.get("hub.url") === FEEDS[0])).toBe(true);
    const [a, b, c] = hub.pings.map((ping) => ping.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(35); // 40 ms, then
    expect(c - b).toBeGreaterThanOrEqual(75); // 80 ms: exponential
    expect(lines).toEqual([
      `websub: ${FEEDS[0]}: hub answered 503; try 2 of 5 in 40 ms`,
      `websub: ${FEEDS[0]}: hub answered 500; try 3 of 5 in 80 ms`,
      `websub: published ${FEEDS[0]} to ${hub.url}`,
    ]);
  });

  it("coalesces a URL already waiting, and publishes once more when it changed mid-request", async () => {
    const hub = await startHub([503], 100);
    cleanups.push(() => close(hub.server));
    const lines: string[] = [];
    const p = publisher(hub.url, lines, { tries: 5, baseMs: 200 });
    p.notify([FEEDS[0]!, FEEDS[0]!]);
    p.notify([FEEDS[0]!]); // same turn: still waiting to be sent, so coalesced
    await until(() => hub.pings.length === 1, 5000, "the ping", 2); // the hub holds its answer: the request is in flight
    p.notify([FEEDS[0]!]); // changed during the request: must be published again afterwards
    await until(() => lines.length === 1, 5000, "the log line", 2); // answered 503: a retry waits 200 ms
    p.notify([FEEDS[0]!]); // the waiting retry will carry it
    await p.idle();
    // The first try, then one retry covering both later changes, and no more.
    expect(hub.pings).toHaveLength(2);
  });

  it("sends again after success when the feed changed while the request was in flight", async () => {
    const hub = await startHub([], 100);
    cleanups.push(() => close(hub.server));
    const p = publisher(hub.url, []);
    p.notify([FEEDS[1]!]);
    await until(() => hub.pings.length === 1, 5000, "the ping", 2);
    p.notify([FEEDS[1]!]);
    await p.idle();
    expect(hub.pings).toHaveLength(2);
  });

  it("gives up after the last try, logging and never throwing, and does not retry a 4xx", async () => {
    const down = await startHub();
    await close(down.server); // nothing listens there now
    const lines: string[] = [];
    const p = publisher(down.url, lines, { tries: 3, baseMs: 5 });
    p.notify([FEEDS[0]!]);
    await p.idle();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/gave up after 3 tries$/);

    const hub = await startHub([400]);
    cleanups.push(() => close(hub.server));
    const refused: string[] = [];
    const q = publisher(hub.url, refused);
    q.notify([FEEDS[1]!]);
    await q.idle();
    expect(hub.pings).toHaveLength(1);
    expect(refused).toEqual([`websub: ${FEEDS[1]}: hub answered 400; gave up after 1 try`]);
  });

  it("drops pending retries on close()", async () => {
    const hub = await startHub([503]);
    cleanups.push(() => close(hub.server));
    const p = createPublisher({ hub: hub.url, retry: { baseMs: 10_000 }, log: () => {} });
    p.notify([FEEDS[0]!]);
    await new Promise((r) => setTimeout(r, 100));
    p.close();
    await p.idle();
    expect(hub.pings).toHaveLength(1);
  });
});

describe("changedFeedUrls", () => {
  it("picks the feed files among those written and makes them absolute", () => {
    expect(changedFeedUrls(["rss.xml", "index.html", "categories/world/atom.xml", "feed.xsl", "feed.json", "rss.html"], "https://news.example.com/"))
      .toEqual(["https://news.example.com/rss.xml", "https://news.example.com/categories/world/atom.xml", "https://news.example.com/feed.json"]);
  });
});

describe("hub links in the feeds", () => {
  const HUB = "https://hub.example.net/publish";
  it("appear in RSS (atom:link), Atom (link) and JSON Feed (hubs) beside the self links", () => {
    const doc = siteDoc(fixtureDoc(), { siteUrl: SITE_URL, title: "t", description: "d", language: "en", copyright: "c", hub: HUB });
    const out = renderAll(doc, SITE_URL);
    const { dir, paths } = writeTemp(out);
    try {
      expect(xmlXPath(paths["rss.xml"], "string(/rss/channel/*[local-name()='link' and @rel='hub']/@href)")).toBe(HUB);
      expect(xmlXPath(paths["rss.xml"], "string(/rss/channel/*[local-name()='link' and @rel='self']/@href)")).toBe(doc.urls.rss);
      expect(xmlXPath(paths["atom.xml"], "string(/*/*[local-name()='link' and @rel='hub']/@href)")).toBe(HUB);
      expect(xmlXPath(paths["atom.xml"], "string(/*/*[local-name()='link' and @rel='self']/@href)")).toBe(doc.urls.atom);
      const json = JSON.parse(out["feed.json"]);
      expect(json.hubs).toEqual([{ type: "WebSub", url: HUB }]);
      expect(json.feed_url).toBe(doc.urls.json);
      // Readers still read the feeds: feedparser sees the hub link and no error.
      const atom = feedparser(paths["atom.xml"]);
      expect(atom.bozo).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are absent without a hub, leaving the feeds as before", () => {
    const out = renderAll(fixtureDoc(), SITE_URL);
    expect(out["rss.xml"]).not.toContain('rel="hub"');
    expect(out["atom.xml"]).not.toContain('rel="hub"');
    expect(out["feed.json"]).not.toContain('"hubs"');
  });
});

describe("wirefeed build with a hub", () => {
  it("pings the hub for the feeds it wrote, and not again when nothing changed", async () => {
    const { spawn } = await import("node:child_process");
    const { join } = await import("node:path");
    const { makeTree, storyText } = await import("../support/tree.js");
    const hub = await startHub();
    cleanups.push(() => close(hub.server));
    const cwd = makeTree({
      "wirefeed.config.json": JSON.stringify({ siteUrl: "https://wire.example.org/", hub: hub.url }),
      "stories/a.md": storyText(),
    });
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    // Spawned, not run synchronously: the hub lives in this process's event loop.
    const run = () => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(import.meta.dirname, "../../dist/cli/main.js"), "build", "--now", "2026-11-24T12:00:00Z"], { cwd, stdio: "ignore" });
      child.on("exit", resolve);
    });
    expect(await run()).toBe(0);
    const urls = hub.pings.map((p) => p.form.get("hub.url")).sort();
    expect(hub.pings.every((p) => p.form.get("hub.mode") === "publish")).toBe(true);
    expect(urls).toEqual(expect.arrayContaining(["https://wire.example.org/atom.xml", "https://wire.example.org/feed.json", "https://wire.example.org/rss.xml"]));
    const before = hub.pings.length;
    expect(await run()).toBe(0);
    expect(hub.pings.length).toBe(before);
  });
});
