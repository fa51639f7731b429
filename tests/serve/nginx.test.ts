/**
 * `wirefeed nginx-conf` with a real nginx from Debian (and its brotli_static module): started on
 * 127.0.0.1 with a temporary prefix, it serves a real build's output with the same bytes as
 * `wirefeed serve`, 304s, gzip and brotli from the build's siblings, no dotfile or build state, partner
 * feeds through `wirefeed serve --auth-only`, and never half a file while a rebuild replaces them.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { nginxConf } from "../../src/serve/nginx.js";
import { hashToken } from "../../src/serve/partners.js";
import { createFeedServer } from "../../src/serve/server.js";
import { close, httpAt, httpGet, listen, type Reply } from "../support/http.js";
import { sharedTemp, startNginx, type Running } from "../support/servers.js";
import { makeTree, storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
const story = (i: number, title = `Story ${i}`) =>
  storyText({ title: JSON.stringify(title), published: `2026-11-2${i % 10}T09:00:00Z`, categories: i % 2 ? "[World]" : "[Markets]" },
    `GENEVA — ${title}. ${"Words of the wire, attributed. ".repeat(60)}\n`);
const configOf = (extra: Record<string, unknown> = {}): Config => testConfig({ siteUrl: "https://wire.example.org/", hub: "https://hub.example.org/", items: 3, ttl: 5, ...extra });
/** A real build's output in a folder nginx's workers (another user) can read. */
async function builtOutput(config: Config) {
  const root = sharedTemp("wirefeed-deploy-");
  const stories = join(root, "stories");
  makeTreeInto(stories, Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`s${i}.md`, story(i)])));
  const out = join(root, "output");
  await build({ config, stories, out, now: NOW });
  return { root, stories, out };
}
function makeTreeInto(dir: string, files: Record<string, string>) {
  const tmp = makeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v])));
  renameSync(tmp, dir);
}
const FEEDS = ["rss.xml", "atom.xml", "feed.json", "categories/world/rss.xml", "categories/markets/atom.xml", "archive/1/feed.json", "archive/1/rss.xml"];

describe("nginx with the generated conf", () => {
  const config = configOf();
  let out: string;
  let nginx: Running & { stderr: () => string };
  let serveServer: Server;
  beforeAll(async () => {
    ({ out } = await builtOutput(config));
    writeFileSync(join(out, ".hidden.json"), '{"hidden":true}');
    symlinkSync(join(out, ".wirefeed-cache.json"), join(out, "cache.json"));
    nginx = await startNginx((listen) => nginxConf(config, { out, listen, brotliModule: BROTLI }));
    serveServer = await listen(createFeedServer({ out, ttlSeconds: config.ttl * 60, hub: config.hub, siteUrl: config.siteUrl }));
  });
  afterAll(async () => {
    await nginx?.stop();
    if (serveServer) await close(serveServer);
  });
  const ng = (path: string, headers: Record<string, string> = {}, method = "GET") => httpAt(nginx.port, path, { headers, method });

  it("sends every feed with the same bytes as wirefeed serve, plain, gzip and brotli, with its type and charset", async () => {
    for (const feed of FEEDS) {
      for (const coding of ["", "gzip", "br"]) {
        const headers: Record<string, string> = coding ? { "Accept-Encoding": coding } : {};
        const [a, b] = [await ng(`/${feed}`, headers), await httpGet(serveServer, `/${feed}`, { headers })];
        expect(a.status, feed).toBe(200);
        expect(a.body.equals(b.body), `${feed} ${coding}`).toBe(true);
        expect(a.headers["content-type"], feed).toBe(b.headers["content-type"]);
        expect(a.headers["content-encoding"], feed).toBe(coding || undefined);
      }
    }
    expect((await ng("/rss.xml")).headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect((await ng("/feed.json")).headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    expect((await ng("/index.json")).headers["content-type"]).toBe("application/json; charset=utf-8");
    expect((await ng("/")).body.equals(readFileSync(join(out, "index.html")))).toBe(true);
  });

  it("sends gzip and brotli from the build's siblings, byte for byte", async () => {
    for (const feed of FEEDS) {
      expect((await ng(`/${feed}`, { "Accept-Encoding": "gzip" })).body.equals(readFileSync(join(out, `${feed}.gz`))), feed).toBe(true);
      expect((await ng(`/${feed}`, { "Accept-Encoding": "br" })).body.equals(readFileSync(join(out, `${feed}.br`))), feed).toBe(true);
    }
    const vary = (await ng("/rss.xml", { "Accept-Encoding": "gzip" })).headers.vary;
    expect(vary).toContain("Accept-Encoding");
  });

  it("answers conditional GETs with 304, and caching headers for shared caches from the ttl", async () => {
    const first = await ng("/atom.xml");
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers["last-modified"]).toBeTruthy();
    expect(first.headers["cache-control"]).toBe("public, max-age=300, stale-while-revalidate=300, stale-if-error=86400");
    expect(first.headers["x-content-type-options"]).toBe("nosniff");
    expect(first.headers.link).toBe('<https://hub.example.org/>; rel="hub", <https://wire.example.org/atom.xml>; rel="self"');
    const hit = await ng("/atom.xml", { "If-None-Match": first.headers.etag! });
    expect(hit.status).toBe(304);
    expect(hit.body.length).toBe(0);
    expect((await ng("/atom.xml", { "If-Modified-Since": first.headers["last-modified"]! })).status).toBe(304);
    const gz = await ng("/atom.xml", { "Accept-Encoding": "gzip" });
    expect((await ng("/atom.xml", { "Accept-Encoding": "gzip", "If-None-Match": gz.headers.etag! })).status).toBe(304);
    expect((await ng("/index.html")).headers["content-security-policy"]).toMatch(/^default-src 'none'/);
    expect((await ng("/rss.xml")).headers["content-security-policy"]).toBeUndefined();
  });

  it("never serves dotfiles, the build cache or stamp, or a link to them", async () => {
    for (const path of ["/.wirefeed-cache.json", "/.wirefeed-stamp.json", "/%2ewirefeed-cache.json", "/.hidden.json", "/cache.json", "/categories/.x/rss.xml", "/../package.json"]) {
      const r = await ng(path);
      expect([400, 403, 404], path).toContain(r.status);
      expect(r.body.toString(), path).not.toContain("entries");
    }
    expect(existsSync(join(out, ".wirefeed-cache.json"))).toBe(true);
    expect((await ng("/rss.xml", {}, "POST")).status).toBe(405);
  });

  it("answers a bad request line or Host with an error, never the file", async () => {
    const { connect } = await import("node:net");
    const raw = (text: string) => new Promise<string>((resolve) => {
      const s = connect(nginx.port, "127.0.0.1", () => s.write(text));
      let got = "";
      s.on("data", (c: Buffer) => { got += c.toString("latin1"); });
      s.on("close", () => resolve(got));
      setTimeout(() => s.destroy(), 2000);
    });
    for (const text of ["GET /rss.xml HTTP/1.1\r\n\r\n", "GET /rss.xml HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET /rss.xml HTTP/1.1\r\nHost: a/b\r\n\r\n"]) {
      expect(/^HTTP\/1\.1 (\d+)/.exec(await raw(text))?.[1], JSON.stringify(text)).toBe("400");
    }
  });

  it("never gives half a file while a rebuild replaces the feeds", async () => {
    const root = sharedTemp("wirefeed-rebuild-");
    const stories = join(root, "stories");
    makeTreeInto(stories, { "s1.md": story(1), "s2.md": story(2) });
    const rebuildOut = join(root, "output");
    const versions: Buffer[] = [];
    writeFileSync(join(root, "wirefeed.config.json"), JSON.stringify({ siteUrl: config.siteUrl, items: 3 }));
    // Each rebuild in its own process, as a deployment runs them: this one keeps polling meanwhile.
    const buildAs = async (title: string) => {
      writeFileSync(join(stories, "s1.md"), story(1, title));
      await new Promise<void>((resolve, reject) => execFile(process.execPath, [CLI, "build", "--now", NOW.toISOString()], { cwd: root }, (err) => (err ? reject(err) : resolve())));
      versions.push(readFileSync(join(rebuildOut, "rss.xml")));
    };
    await buildAs("Version 0 ".repeat(20));
    const second = await startNginx((listen) => nginxConf(config, { out: rebuildOut, listen, brotliModule: BROTLI }));
    try {
      let stop = false;
      const replies: Reply[] = [];
      const poller = (async () => {
        for (let i = 0; i < 2000 && !stop; i++) {
          replies.push(await httpAt(second.port, "/rss.xml", { headers: { "Accept-Encoding": i % 3 === 0 ? "br" : i % 3 === 1 ? "gzip" : "identity" } }));
        }
      })();
      for (let v = 1; v <= 6; v++) await buildAs(`Version ${v} `.repeat(20 + v * 10));
      stop = true;
      await poller;
      expect(replies.length).toBeGreaterThan(5);
      const decoded = replies.map((r) => {
        expect(r.status).toBe(200);
        const enc = r.headers["content-encoding"];
        return enc === "br" ? brotliDecompressSync(r.body) : enc === "gzip" ? gunzipSync(r.body) : r.body;
      });
      for (const body of decoded) expect(versions.some((v) => v.equals(body))).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe("the generated conf", () => {
  it("passes nginx -t with and without the brotli module, with and without partners", () => {
    const prefix = sharedTemp("wirefeed-nginx-t-");
    const partners = configOf({ partners: [{ name: "A", tokenSha256: hashToken("a"), feeds: ["**"] }] });
    for (const [config, brotliModule] of [[configOf(), BROTLI], [configOf(), undefined], [partners, BROTLI], [partners, undefined]] as const) {
      const file = join(prefix, "nginx.conf");
      writeFileSync(file, nginxConf(config, { out: prefix, listen: "127.0.0.1:1", ...(brotliModule ? { brotliModule } : {}) }));
      const r = spawnSync("nginx", ["-t", "-q", "-p", prefix, "-c", file], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    }
  });
});

describe("nginx with partners: tokens checked by wirefeed serve --auth-only", () => {
  const tokens = { acme: "acme-secret-token-1", globex: "globex-secret-token-2" };
  const config = configOf({
    partners: [
      { name: "Acme", tokenSha256: hashToken(tokens.acme), feeds: ["rss.xml", "categories/world/*"] },
      { name: "Globex", tokenSha256: hashToken(tokens.globex), feeds: ["atom.xml"] },
    ],
  });
  let nginx: Running;
  let auth: ChildProcess;
  let confText = "";
  let authLog = "";
  let out: string;
  beforeAll(async () => {
    const built = await builtOutput(config);
    out = built.out;
    writeFileSync(join(built.root, "wirefeed.config.json"), JSON.stringify({ ...JSON.parse(JSON.stringify(config)), output: "output" }));
    auth = spawn(process.execPath, [CLI, "serve", "--auth-only", "--port", "0", "--config", join(built.root, "wirefeed.config.json")], { stdio: ["ignore", "pipe", "inherit"] });
    auth.stdout!.on("data", (c: Buffer) => { authLog += c.toString(); });
    for (let i = 0; i < 400 && !/at http:\/\/127\.0\.0\.1:\d+\//.test(authLog); i++) await new Promise((r) => setTimeout(r, 25));
    const authAt = /at http:\/\/(127\.0\.0\.1:\d+)\//.exec(authLog)![1]!;
    nginx = await startNginx((listen) => {
      const r = spawnSyncCli(["nginx-conf", "--config", join(built.root, "wirefeed.config.json"), "--listen", listen, "--auth", authAt]);
      confText = r;
      return r;
    });
  });
  afterAll(async () => {
    await nginx?.stop();
    auth?.kill();
  });
  const ng = (path: string, headers: Record<string, string> = {}) => httpAt(nginx.port, path, { headers });

  it("keeps no token in the conf, only the address of the check", () => {
    expect(confText).toContain("auth_request /.wirefeed-auth;");
    for (const t of Object.values(tokens)) {
      expect(confText).not.toContain(t);
      expect(confText).not.toContain(hashToken(t));
    }
  });

  it("refuses a partner feed without its token, and serves it, privately, with it", async () => {
    const none = await ng("/rss.xml");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="wirefeed"');
    expect((await ng("/rss.xml", { Authorization: "Bearer wrong" })).status).toBe(401);
    const ok = await ng("/rss.xml", { Authorization: `Bearer ${tokens.acme}` });
    expect(ok.status).toBe(200);
    expect(ok.body.equals(readFileSync(join(out, "rss.xml")))).toBe(true);
    expect(ok.headers["cache-control"]).toBe("private, max-age=300");
    const byQuery = await ng(`/categories/world/rss.xml?token=${tokens.acme}`, { "Accept-Encoding": "br" });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.equals(readFileSync(join(out, "categories/world/rss.xml.br")))).toBe(true);
    // Another partner's feed answers as a missing one.
    const theirs = await ng("/atom.xml", { Authorization: `Bearer ${tokens.acme}` });
    expect(theirs.status).toBe(404);
    expect((await ng("/atom.xml", { Authorization: `Bearer ${tokens.globex}` })).status).toBe(200);
    expect((await ng("/feed.xsl")).status).toBe(200);
    expect((await ng("/.wirefeed-auth", { Authorization: `Bearer ${tokens.acme}` })).status).toBe(404);
  });

  it("logs checks with the partner's name and never a token, in nginx's log or the check's", async () => {
    await ng(`/rss.xml?token=${tokens.acme}`);
    for (let i = 0; i < 100 && !/Acme GET \/rss\.xml 204/.test(authLog); i++) await new Promise((r) => setTimeout(r, 25));
    expect(authLog).toMatch(/Z Acme GET \/rss\.xml 204$/m);
    expect(authLog).toMatch(/Z - GET \/rss\.xml 401$/m);
    const access = readFileSync(join(nginx.prefix, "access.log"), "utf8");
    expect(access).toContain("GET /rss.xml 200");
    for (const t of Object.values(tokens)) {
      expect(authLog).not.toContain(t);
      expect(access).not.toContain(t);
    }
  });
});

function spawnSyncCli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}
