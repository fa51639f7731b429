/**
 * The feed server over real sockets on 127.0.0.1: every header rule, the conditional GET loop a
 * feed reader runs, content coding, path safety, and partner access with its fetch log.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/config.js";
import { hashToken, type Partner } from "../../src/serve/partners.js";
import { createFeedServer, queuedLog, serve } from "../../src/serve/server.js";
import { SnapshotStore } from "../../src/serve/snapshot.js";
import { writeAtomic } from "../../src/publish/write.js";
import { close, httpGet, listen } from "../support/http.js";
import { makeTree } from "../support/tree.js";
import { readAvailable } from "../support/fifo.js";

const item = (i: number) => `<item><title>Story ${i}</title><dc:rights>Copyright © 2026 Example Wire</dc:rights></item>`;
const RSS = `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>${Array.from({ length: 40 }, (_, i) => item(i)).join("\n")}</channel></rss>\n`;
const etagOf = (bytes: string | Buffer) => `"${createHash("sha256").update(bytes).digest("base64url")}"`;

function outputTree() {
  const root = makeTree({
    "package.json": '{"name":"secret"}',
    "secret.txt": "outside the output folder",
    "secret-dir/feed.json": "{}",
    "out/rss.xml": RSS,
    "out/atom.xml": `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title></feed>\n`,
    "out/feed.json": '{"version":"https://jsonfeed.org/version/1.1","items":[]}\n',
    "out/other.json": "{}\n",
    "out/index.html": "<!DOCTYPE html><title>Feeds</title>\n",
    "out/feed.xsl": '<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>\n',
    "out/categories/world/rss.xml": RSS.replace("Story 0", "World story"),
    "out/.wirefeed-cache.json": '{"secret":true}',
  });
  const out = join(root, "out");
  symlinkSync(join(root, "secret.txt"), join(out, "link-out.txt"));
  symlinkSync(join(root, "secret-dir"), join(out, "dir-out"));
  symlinkSync(join(out, "feed.json"), join(out, "link-in.json"));
  return { root, out };
}

describe("serving files", () => {
  const { out } = outputTree();
  const store = new SnapshotStore();
  let server: Server;
  beforeAll(async () => { server = await listen(createFeedServer({ out, store })); });
  afterAll(() => close(server));
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") => httpGet(server, path, { headers, method });

  it("sends each file with its media type and charset=utf-8", async () => {
    const types: Record<string, string> = {
      "/rss.xml": "application/rss+xml; charset=utf-8",
      "/atom.xml": "application/atom+xml; charset=utf-8",
      "/feed.json": "application/feed+json; charset=utf-8",
      "/other.json": "application/json; charset=utf-8",
      "/index.html": "text/html; charset=utf-8",
      "/feed.xsl": "application/xslt+xml; charset=utf-8",
      "/categories/world/rss.xml": "application/rss+xml; charset=utf-8",
    };
    for (const [path, type] of Object.entries(types)) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers["content-type"], path).toBe(type);
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("serves index.html at /", async () => {
    const r = await get("/");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body.toString()).toBe(readFileSync(join(out, "index.html"), "utf8"));
    // No script may run on the pages, whatever a story's text holds.
    expect(r.headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
  });

  it("sends a strong ETag from the bytes, Last-Modified from the file, and Cache-Control from the ttl", async () => {
    const r = await get("/rss.xml");
    expect(r.body.toString()).toBe(RSS);
    expect(r.headers.etag).toBe(etagOf(RSS));
    expect(r.headers.etag).not.toMatch(/^W\//);
    expect(r.headers["last-modified"]).toBe(statSync(join(out, "rss.xml")).mtime.toUTCString());
    expect(r.headers["cache-control"]).toBe("public, max-age=300");
    expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(RSS)));
    expect(r.headers.vary).toBe("Accept, Accept-Encoding");
  });

  it("answers If-None-Match with 304, and lets it win over If-Modified-Since", async () => {
    const { etag, "last-modified": lastModified } = (await get("/rss.xml")).headers;
    const hit = await get("/rss.xml", { "If-None-Match": etag! });
    expect(hit.status).toBe(304);
    expect(hit.body.length).toBe(0);
    expect(hit.headers.etag).toBe(etag);
    expect(hit.headers["cache-control"]).toBe("public, max-age=300");
    expect(hit.headers["content-type"]).toBeUndefined();
    expect((await get("/rss.xml", { "If-None-Match": `"other", ${etag}` })).status).toBe(304);
    expect((await get("/rss.xml", { "If-None-Match": `W/${etag}` })).status).toBe(304);
    expect((await get("/rss.xml", { "If-None-Match": "*" })).status).toBe(304);
    // RFC 9110 §13.2.2: a failed If-None-Match means 200 even though If-Modified-Since would say 304.
    const miss = await get("/rss.xml", { "If-None-Match": '"stale"', "If-Modified-Since": lastModified! });
    expect(miss.status).toBe(200);
    expect(miss.body.toString()).toBe(RSS);
  });

  it("answers If-Modified-Since alone by the file time", async () => {
    const mtime = statSync(join(out, "feed.json")).mtime;
    expect((await get("/feed.json", { "If-Modified-Since": mtime.toUTCString() })).status).toBe(304);
    expect((await get("/feed.json", { "If-Modified-Since": new Date(mtime.getTime() + 60_000).toUTCString() })).status).toBe(304);
    expect((await get("/feed.json", { "If-Modified-Since": new Date(mtime.getTime() - 60_000).toUTCString() })).status).toBe(200);
    expect((await get("/feed.json", { "If-Modified-Since": "not a date" })).status).toBe(200);
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const [g, h] = [await get("/rss.xml", { "Accept-Encoding": "br" }), await get("/rss.xml", { "Accept-Encoding": "br" }, "HEAD")];
    expect(h.status).toBe(200);
    expect(h.body.length).toBe(0);
    for (const name of ["content-type", "content-length", "content-encoding", "etag", "last-modified", "cache-control", "vary"]) {
      expect(h.headers[name], name).toBe(g.headers[name]);
    }
    expect((await get("/nope.xml", {}, "HEAD")).status).toBe(404);
  });

  it("sends gzip and brotli when accepted, decoding to the same bytes, each with its own ETag", async () => {
    const plain = await get("/rss.xml");
    const gz = await get("/rss.xml", { "Accept-Encoding": "gzip" });
    const br = await get("/rss.xml", { "Accept-Encoding": "gzip, deflate, br" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length);
    expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3);
    for (const r of [plain, gz, br]) expect(r.headers.vary).toContain("Accept-Encoding");
    expect((await get("/feed.json", { "Accept-Encoding": "gzip" })).headers.vary).toBe("Accept-Encoding");
    // The tag of the gzip form still validates: the content is the same.
    expect((await get("/rss.xml", { "Accept-Encoding": "br", "If-None-Match": gz.headers.etag! })).status).toBe(304);
    expect((await get("/rss.xml", { "Accept-Encoding": "br;q=0, gzip" })).headers["content-encoding"]).toBe("gzip");
    expect((await get("/rss.xml", { "Accept-Encoding": "identity" })).headers["content-encoding"]).toBeUndefined();
    expect((await get("/rss.xml", { "Accept-Encoding": "*" })).headers["content-encoding"]).toBe("br");
  });

  it("compresses once per file version, not per request", async () => {
    const path = join(out, "categories/world/rss.xml");
    const before = store.compressions;
    await Promise.all(Array.from({ length: 6 }, () => get("/categories/world/rss.xml", { "Accept-Encoding": "br" })));
    await get("/categories/world/rss.xml", { "Accept-Encoding": "br" });
    expect(store.compressions - before).toBe(1);
    await writeAtomic(path, RSS.replace("Story 1", "Changed story"));
    const r = await get("/categories/world/rss.xml", { "Accept-Encoding": "br" });
    expect(brotliDecompressSync(r.body).toString()).toContain("Changed story");
    await get("/categories/world/rss.xml", { "Accept-Encoding": "br" });
    expect(store.compressions - before).toBe(2);
  });

  it("refuses other methods with 405 and Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const r = await get("/rss.xml", {}, method);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe("GET, HEAD");
    }
  });

  it("answers 404 for anything outside the output folder or hidden", async () => {
    const attempts = [
      "/../package.json", "/%2e%2e/package.json", "/%2E%2E/package.json", "/..%2fpackage.json", "/..%2Fpackage.json",
      "/..%5cpackage.json", "/..\\package.json", "/categories/../../package.json", "/./rss.xml", "//etc/passwd",
      "/etc/passwd", "/%2fetc%2fpasswd", "/link-out.txt", "/dir-out/feed.json", "/.wirefeed-cache.json",
      "/%2ewirefeed-cache.json", "/%E0%A4%A", "/categories", "/nope.xml",
      "http://127.0.0.1/../package.json",
    ];
    for (const path of attempts) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.body.toString(), path).toBe("Not found\n");
    }
    // A link that stays inside the folder is just another name for a file there.
    expect((await get("/link-in.json")).status).toBe(200);
  });

  it("never serves a file half old, half new while it is replaced", async () => {
    const path = join(out, "big.json");
    const versions = ["a", "b"].map((c, i) => Buffer.from(`"${c.repeat(400_000 + i * 100_000)}"\n`));
    writeFileSync(path, versions[0]!);
    let stop = false;
    const swapper = (async () => {
      for (let i = 1; !stop; i++) {
        writeFileSync(`${path}.tmp`, versions[i % 2]!);
        renameSync(`${path}.tmp`, path);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const replies = await Promise.all(Array.from({ length: 40 }, () => get("/big.json")));
    stop = true;
    await swapper;
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(versions.some((v) => v.equals(r.body))).toBe(true);
      expect(r.headers.etag).toBe(etagOf(r.body));
    }
  });
});

describe("a feed reader's conditional GET loop", () => {
  it("gets 200, then 304 with the ETag, then 200 after the feed changes, then 304 again", async () => {
    const { out } = outputTree();
    const server = await listen(createFeedServer({ out, ttlSeconds: 600 }));
    try {
      const first = await httpGet(server, "/atom.xml");
      expect(first.status).toBe(200);
      expect(first.headers["cache-control"]).toBe("public, max-age=600");
      const again = await httpGet(server, "/atom.xml", { headers: { "If-None-Match": first.headers.etag!, "If-Modified-Since": first.headers["last-modified"]! } });
      expect(again.status).toBe(304);
      const changed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire, updated</title></feed>\n`;
      await writeAtomic(join(out, "atom.xml"), changed);
      // Same second, even: the ETag, not the time, tells the versions apart.
      utimesSync(join(out, "atom.xml"), statSync(join(out, "rss.xml")).atime, new Date(first.headers["last-modified"]!));
      const fresh = await httpGet(server, "/atom.xml", { headers: { "If-None-Match": first.headers.etag!, "If-Modified-Since": first.headers["last-modified"]! } });
      expect(fresh.status).toBe(200);
      expect(fresh.body.toString()).toBe(changed);
      expect(fresh.headers.etag).toBe(etagOf(changed));
      expect((await httpGet(server, "/atom.xml", { headers: { "If-None-Match": fresh.headers.etag! } })).status).toBe(304);
    } finally {
      await close(server);
    }
  });
});

describe("browsers", () => {
  const NAVIGATE = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
  it("get a feed's HTML view when one was built, and the feed as application/xml when not", async () => {
    const { out } = outputTree();
    writeFileSync(join(out, "rss.html"), "<!DOCTYPE html><title>RSS view</title>\n");
    const server = await listen(createFeedServer({ out }));
    try {
      const view = await httpGet(server, "/rss.xml", { headers: { Accept: NAVIGATE } });
      expect(view.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(view.body.toString()).toContain("RSS view");
      expect(view.headers.vary).toBe("Accept, Accept-Encoding");
      const xml = await httpGet(server, "/atom.xml", { headers: { Accept: NAVIGATE } });
      expect(xml.headers["content-type"]).toBe("application/xml; charset=utf-8");
      expect(xml.headers.etag).toBe(etagOf(xml.body).replace(/"$/, '.xml"'));
      // A feed not named *.xml has no view: it is not sent as a page of itself.
      writeFileSync(join(out, "wire.rss"), RSS);
      const named = await httpGet(server, "/wire.rss", { headers: { Accept: NAVIGATE } });
      expect(named.headers["content-type"]).toBe("application/xml; charset=utf-8");
      expect(named.body.toString()).toBe(RSS);
      // Feed readers keep the feed: they name its type, or only the wildcard.
      for (const accept of ["application/rss+xml, application/atom+xml;q=0.9, text/html;q=0.1", "*/*", ""]) {
        expect((await httpGet(server, "/rss.xml", { headers: accept ? { Accept: accept } : {} })).headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
      }
    } finally {
      await close(server);
    }
  });
});

describe("serve()", () => {
  it("binds 127.0.0.1 unless told otherwise and resolves with the address", async () => {
    const { out } = outputTree();
    const { server, address, url } = await serve({ out, port: 0 });
    try {
      expect(address.address).toBe("127.0.0.1");
      expect(url).toBe(`http://127.0.0.1:${address.port}/`);
      expect((await httpGet(server, "/feed.json")).status).toBe(200);
    } finally {
      await close(server);
    }
  });
});

describe("partner access", () => {
  const { out } = outputTree();
  const tokens = { acme: "acme-token-9f8e7d", globex: "globex-token-1a2b3c", old: "old-token-000111" };
  const partners: Partner[] = [
    { name: "Acme Daily", tokenSha256: hashToken(tokens.acme), feeds: ["rss.xml", "categories/world/*"] },
    { name: "Globex", tokenSha256: hashToken(tokens.globex), feeds: ["atom.xml"] },
    { name: "Old Times", tokenSha256: hashToken(tokens.old), feeds: ["**"], revoked: true },
  ];
  const lines: string[] = [];
  let server: Server;
  beforeAll(async () => { server = await listen(createFeedServer({ out, partners, log: (l) => lines.push(l) })); });
  afterAll(() => close(server));
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (path: string, headers: Record<string, string> = {}) => httpGet(server, path, { headers });
  /** Status, body and headers but the date: what a client could compare between two answers. */
  const shape = (r: { status: number; headers: Record<string, unknown>; body: Buffer }) => ({ status: r.status, body: r.body.toString(), headers: { ...r.headers, date: undefined } });

  it("answers 401 with a Bearer challenge without a token, whether the feed exists or not", async () => {
    const [existing, missing] = [await get("/rss.xml"), await get("/no-such-feed.xml")];
    expect(existing.status).toBe(401);
    expect(existing.headers["www-authenticate"]).toBe('Bearer realm="wirefeed"');
    expect(existing.headers["cache-control"]).toBe("no-store");
    expect(shape(missing)).toEqual(shape(existing));
    expect((await get("/")).status).toBe(401);
  });

  it("answers 401 for a wrong token and for a revoked partner, the same as for none", async () => {
    const none = shape(await get("/rss.xml"));
    expect(shape(await get("/rss.xml", bearer("not-a-partner")))).toEqual(none);
    expect(shape(await get("/rss.xml?token=not-a-partner"))).toEqual(none);
    expect(shape(await get("/rss.xml", bearer(tokens.old)))).toEqual(none);
    expect(shape(await get(`/rss.xml?token=${tokens.old}`))).toEqual(none);
  });

  it("serves a partner's feeds by bearer token or token query parameter, cached privately", async () => {
    const byHeader = await get("/rss.xml", bearer(tokens.acme));
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.toString()).toBe(RSS);
    // `public` would let a shared cache hand a sold feed to anyone; the token makes it private.
    expect(byHeader.headers["cache-control"]).toBe("private, max-age=300");
    const byQuery = await get(`/rss.xml?token=${encodeURIComponent(tokens.acme)}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.equals(byHeader.body)).toBe(true);
    expect((await get("/categories/world/rss.xml", bearer(tokens.acme))).status).toBe(200);
    expect((await get("/atom.xml", bearer(tokens.globex))).status).toBe(200);
    expect((await get("/atom.xml", { ...bearer(tokens.globex), "If-None-Match": byHeader.headers.etag! })).status).toBe(200);
  });

  it("answers 404 for a feed the partner may not read, exactly as for one that does not exist", async () => {
    const forbidden = await get("/atom.xml", bearer(tokens.acme));
    expect(forbidden.status).toBe(404);
    const missing = await get("/missing.xml", bearer(tokens.acme));
    const missingAllowed = await get("/categories/world/missing.xml", bearer(tokens.acme));
    expect(shape(missing)).toEqual(shape(forbidden));
    expect(shape(missingAllowed)).toEqual(shape(forbidden));
    expect(shape(await get("/rss.xml", bearer(tokens.globex)))).toEqual(shape(forbidden));
    expect(shape(await get(`/categories/world/rss.xml?token=${tokens.globex}`))).toEqual(shape(forbidden));
  });

  it("lets anyone fetch the stylesheet, which holds no stories", async () => {
    expect((await get("/feed.xsl")).status).toBe(200);
  });

  it("logs each partner fetch on one line: time, partner, path, status — never the token", async () => {
    lines.length = 0;
    await get("/rss.xml", bearer(tokens.acme));
    await get(`/atom.xml?token=${tokens.acme}`);
    await get("/rss.xml", bearer(tokens.old));
    await get("/rss.xml", bearer("wrong"));
    await get("/feed.xsl");
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toHaveLength(4);
    const pattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.+) GET (\/\S+) (\d{3})$/;
    expect(lines.map((l) => pattern.exec(l)?.slice(2))).toEqual([
      ["Acme Daily", "/rss.xml", "200"],
      ["Acme Daily", "/atom.xml", "404"],
      ["Old Times", "/rss.xml", "401"],
      ["-", "/rss.xml", "401"],
    ]);
    for (const line of lines) for (const token of Object.values(tokens)) expect(line).not.toContain(token);
  });
});

describe("partners in config", () => {
  it("are validated, with the token hash in lowercase hex", () => {
    const hash = hashToken("x");
    const ok = validateConfig({ partners: [{ name: "A", tokenSha256: hash.toUpperCase(), feeds: ["rss.xml"] }], hub: "https://hub.example.com/" });
    expect(ok.ok && ok.config.partners?.[0]?.tokenSha256).toBe(hash);
    expect(ok.ok && ok.config.hub).toBe("https://hub.example.com/");
    const bad = validateConfig({ partners: [{ name: "A", tokenSha256: "x", feeds: [], token: "plain" }], hub: "ftp://x" });
    expect(bad.ok).toBe(false);
    const problems = bad.ok ? [] : bad.problems.join("\n");
    expect(problems).toContain("partners.0.tokenSha256");
    expect(problems).toContain("partners.0.feeds");
    expect(problems).toMatch(/token/);
    expect(problems).toContain("hub");
  });
});

/** Sends `text` on a fresh socket and collects what comes back until the server closes it or `waitMs` passes. */
function raw(server: Server, text: string, waitMs = 1000): Promise<{ reply: string; closed: boolean }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let reply = "";
    const timer = setTimeout(() => { socket.destroy(); resolve({ reply, closed: false }); }, waitMs);
    socket.on("data", (c: Buffer) => { reply += c.toString("latin1"); });
    socket.on("close", () => { clearTimeout(timer); resolve({ reply, closed: true }); });
    socket.on("error", (err) => { clearTimeout(timer); if ((err as NodeJS.ErrnoException).code === "ECONNRESET") resolve({ reply, closed: true }); else reject(err); });
  });
}
const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);

describe("hardening", () => {
  it("refuses a symbolic link to a dotfile or into a hidden folder: the dot rule holds for the resolved path", async () => {
    const { out } = outputTree();
    mkdirSync(join(out, ".git"));
    writeFileSync(join(out, ".git/config"), "[remote] url = secret\n");
    writeFileSync(join(out, ".wirefeed-stamp.json"), '{"stamp":true}');
    symlinkSync(join(out, ".wirefeed-cache.json"), join(out, "cache.json"));
    symlinkSync(".wirefeed-stamp.json", join(out, "stamp.json"));
    symlinkSync(join(out, ".git"), join(out, "git"));
    const server = await listen(createFeedServer({ out }));
    try {
      for (const path of ["/cache.json", "/stamp.json", "/git/config"]) {
        const r = await httpGet(server, path);
        expect(r.status, path).toBe(404);
        expect(r.body.toString()).toBe("Not found\n");
      }
      expect((await httpGet(server, "/link-in.json")).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it("refuses paths with control characters (400) and escapes every logged value, so no line can be forged", async () => {
    const { out } = outputTree();
    const partners: Partner[] = [
      { name: "Partner A", tokenSha256: hashToken("a-token"), feeds: ["**"] },
      { name: "Evil\n2026-01-01T00:00:00.000Z Partner A\u001b[2J", tokenSha256: hashToken("evil-token"), feeds: ["**"] },
    ];
    const lines: string[] = [];
    const server = await listen(createFeedServer({ out, partners, log: (l) => lines.push(l) }));
    try {
      const forged = "/x%0a2026-01-01T00:00:00.000Z%20Partner%20A%20GET%20/feed.json%20200%0a.xml";
      for (const path of [forged, "/x%0d.xml", "/%1b%5b31mred.xml", "/a%7f.xml", "/a%c2%85.xml", "/a%e2%80%a8.xml", "/rss.xml?token=%0a"]) {
        const r = await httpGet(server, path);
        expect(r.status, path).toBe(400);
        expect(r.headers.connection).toBe("close");
      }
      await httpGet(server, "/a%20b%5d.xml", { headers: { Authorization: "Bearer a-token" } });
      await httpGet(server, "/feed.json", { headers: { Authorization: "Bearer evil-token" } });
      await new Promise((r) => setTimeout(r, 20));
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z .+ GET \/\S+ \d{3}$/);
      }
      expect(lines[0]).toMatch(/ Partner A GET \/a%20b%5D\.xml 404$/);
      expect(lines[1]).toMatch(/ Evil\\x0a2026-01-01T00:00:00\.000Z Partner A\\x1b\[2J GET \/feed\.json 200$/);
    } finally {
      await close(server);
    }
  });

  it("answers 400 to HTTP versions other than 1.x and to a missing, duplicated or invalid Host", async () => {
    const { out } = outputTree();
    const server = await listen(createFeedServer({ out }));
    try {
      const bad = [
        "GET /rss.xml\r\n\r\n",
        "GET /rss.xml HTTP/2.0\r\nHost: a\r\n\r\n",
        "GET /rss.xml HTTP/0.9\r\nHost: a\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\nHost: a b\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\nHost: a/b\r\n\r\n",
        "GET /rss.xml HTTP/1.1\r\nHost: a@b\r\n\r\n",
      ];
      for (const text of bad) {
        const { reply } = await raw(server, text);
        expect(statusOf(reply), JSON.stringify(text)).toBe(400);
      }
      for (const text of ["GET /rss.xml HTTP/1.0\r\n\r\n", "GET /rss.xml HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n", "GET /rss.xml HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n"]) {
        const { reply } = await raw(server, text);
        expect(statusOf(reply), JSON.stringify(text)).toBe(200);
      }
    } finally {
      await close(server);
    }
  });

  it("closes half-open and trickling sockets after the configured timeouts, while other clients are served", async () => {
    const { out } = outputTree();
    const server = await listen(createFeedServer({ out, limits: { headersTimeoutMs: 300, requestTimeoutMs: 300, idleTimeoutMs: 600 } }));
    try {
      const silent = raw(server, "", 5000);
      const trickle = raw(server, "GET /rss.xml HTTP/1.1\r\nHost: a\r\nX-Slow: ", 5000);
      // Meanwhile, an ordinary client is answered.
      expect((await httpGet(server, "/rss.xml")).status).toBe(200);
      const [a, b] = await Promise.all([silent, trickle]);
      expect(a.closed).toBe(true);
      expect(b.closed).toBe(true);
      // The trickler gets 408 or nothing, never the file.
      expect(b.reply).not.toContain("<rss");
    } finally {
      await close(server);
    }
  });

  it("holds at most maxConnections at once: one more is closed unanswered, and is served once a slot frees", async () => {
    const { out } = outputTree();
    const server = await listen(createFeedServer({ out, limits: { maxConnections: 2 } }));
    const { port } = server.address() as AddressInfo;
    const held = await Promise.all([0, 1].map(() => new Promise<Socket>((ok) => { const s = connect(port, "127.0.0.1", () => ok(s)); })));
    try {
      await new Promise((r) => setTimeout(r, 50));
      const third = await raw(server, "GET /rss.xml HTTP/1.1\r\nHost: a\r\n\r\n", 2000);
      expect(third.closed).toBe(true);
      expect(third.reply).toBe("");
      held[0]!.destroy();
      await new Promise((r) => setTimeout(r, 50));
      expect((await httpGet(server, "/rss.xml")).status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await close(server);
    }
  });
});

describe("freshness without a stat per request", () => {
  const HOUR = 3_600_000;
  it("sends a known version without a stat while its folder reports no change, and a rebuild's rename at the next request", async () => {
    const { out } = outputTree();
    // A cap of an hour: what brings the new version here is the watch, not the clock.
    const store = new SnapshotStore(undefined, { trustMs: HOUR });
    const server = await listen(createFeedServer({ out, store }));
    try {
      const first = await httpGet(server, "/rss.xml");
      const stats = store.stats;
      for (let i = 0; i < 5; i++) expect((await httpGet(server, "/rss.xml", { headers: { "If-None-Match": first.headers.etag! } })).status).toBe(304);
      expect(store.stats).toBe(stats);
      for (let round = 0; round < 3; round++) {
        const next = RSS.replace("Story 1", `Story 1, take ${round}`);
        await writeAtomic(join(out, "rss.xml"), next);
        const fresh = await httpGet(server, "/rss.xml", { headers: { "If-None-Match": first.headers.etag! } });
        expect(fresh.status).toBe(200);
        expect(fresh.body.toString()).toBe(next);
        expect(fresh.headers.etag).toBe(etagOf(next));
      }
    } finally {
      await close(server);
    }
  });

  it("checks a version again once it has been trusted for trustMs, however quiet its folder", async () => {
    const { out } = outputTree();
    let now = 1_000_000;
    const store = new SnapshotStore(undefined, { trustMs: 1000, now: () => now });
    const server = await listen(createFeedServer({ out, store }));
    try {
      await httpGet(server, "/feed.json");
      const stats = store.stats;
      now += 999;
      await httpGet(server, "/feed.json");
      expect(store.stats).toBe(stats);
      now += 1;
      await httpGet(server, "/feed.json");
      expect(store.stats).toBe(stats + 1);
    } finally {
      await close(server);
    }
  });

  it("watches at most maxWatched folders: a file in another costs a stat per request, and its change is seen at once", async () => {
    const { out } = outputTree();
    const store = new SnapshotStore(undefined, { trustMs: HOUR, maxWatched: 1 });
    const server = await listen(createFeedServer({ out, store }));
    try {
      await httpGet(server, "/rss.xml");
      await httpGet(server, "/categories/world/rss.xml");
      const stats = store.stats;
      for (let i = 0; i < 3; i++) {
        await httpGet(server, "/rss.xml");
        await httpGet(server, "/categories/world/rss.xml");
      }
      expect(store.stats).toBe(stats + 3);
      const next = RSS.replace("Story 0", "World story, later");
      await writeAtomic(join(out, "categories", "world", "rss.xml"), next);
      expect((await httpGet(server, "/categories/world/rss.xml")).body.toString()).toBe(next);
    } finally {
      await close(server);
    }
  });

  it("sees a folder replaced whole (moved away, a new one in its place) at the next request", async () => {
    const { root, out } = outputTree();
    const world = join(out, "categories", "world");
    const store = new SnapshotStore(undefined, { trustMs: HOUR });
    const server = await listen(createFeedServer({ out, store }));
    try {
      expect((await httpGet(server, "/categories/world/rss.xml")).body.toString()).toContain("World story");
      for (const take of ["first", "second"]) {
        const next = RSS.replace("Story 0", `World story, ${take} replacement`);
        mkdirSync(join(root, `world-${take}`));
        writeFileSync(join(root, `world-${take}`, "rss.xml"), next);
        renameSync(world, join(root, `world-before-${take}`));
        renameSync(join(root, `world-${take}`), world);
        const r = await httpGet(server, "/categories/world/rss.xml");
        expect(r.body.toString()).toBe(next);
        expect(r.headers.etag).toBe(etagOf(next));
      }
    } finally {
      await close(server);
    }
  });
});

describe("one entry per file version", () => {
  it("reads each version once: 200s and 304s after the first never read the file, and share one buffer", async () => {
    const { out } = outputTree();
    const store = new SnapshotStore();
    const server = await listen(createFeedServer({ out, store }));
    try {
      const first = await httpGet(server, "/rss.xml", { headers: { "Accept-Encoding": "gzip" } });
      const reads = store.reads;
      for (let i = 0; i < 5; i++) {
        expect((await httpGet(server, "/rss.xml", { headers: { "If-None-Match": first.headers.etag! } })).status).toBe(304);
        expect((await httpGet(server, "/rss.xml", { headers: { "Accept-Encoding": "gzip" } })).body.equals(first.body)).toBe(true);
        expect((await httpGet(server, "/rss.xml")).body.toString()).toBe(RSS);
      }
      expect(store.reads).toBe(reads);
      const real = join(realpathSync(out), "rss.xml");
      const [a, b] = [await store.read(real), await store.read(real)];
      expect(a!.bytes).toBe(b!.bytes);
      expect(await store.encode(real, a!, "gzip")).toBe(await store.encode(real, b!, "gzip"));
      // A new version (a rename: a new inode) is read once, and the old tag no longer matches.
      await writeAtomic(join(out, "rss.xml"), RSS.replace("Story 2", "Newer story"));
      const fresh = await httpGet(server, "/rss.xml", { headers: { "If-None-Match": first.headers.etag! } });
      expect(fresh.status).toBe(200);
      expect(fresh.body.toString()).toContain("Newer story");
      expect(store.reads).toBe(reads + 1);
    } finally {
      await close(server);
    }
  });

  it("sends a precompressed sibling as it is when it holds the same bytes, and ignores a stale one", async () => {
    const { out } = outputTree();
    const store = new SnapshotStore();
    const gz = gzipSync(Buffer.from(RSS), { level: 1 });
    writeFileSync(join(out, "rss.xml.gz"), gz);
    writeFileSync(join(out, "atom.xml.br"), brotliCompressSync(Buffer.from("an older atom.xml")));
    const server = await listen(createFeedServer({ out, store }));
    try {
      const r = await httpGet(server, "/rss.xml", { headers: { "Accept-Encoding": "gzip" } });
      expect(r.headers["content-encoding"]).toBe("gzip");
      expect(r.body.equals(gz)).toBe(true);
      expect(store.siblings).toBe(1);
      expect(store.compressions).toBe(0);
      const atom = await httpGet(server, "/atom.xml", { headers: { "Accept-Encoding": "br" } });
      expect(brotliDecompressSync(atom.body).toString()).toBe(readFileSync(join(out, "atom.xml"), "utf8"));
      expect(store.compressions).toBe(1);
    } finally {
      await close(server);
    }
  });

  it("keeps no more than its budget, dropping the least recently used versions", async () => {
    const { out } = outputTree();
    const store = new SnapshotStore(RSS.length + 10);
    const root = realpathSync(out);
    const rss = await store.read(join(root, "rss.xml"));
    await store.read(join(root, "feed.json"));
    // rss.xml was dropped for feed.json: asked again, it is read again (a new snapshot object).
    const reads = store.reads;
    expect(await store.read(join(root, "rss.xml"))).not.toBe(rss);
    expect(store.reads).toBe(reads + 1);
  });
});

describe("the WebSub hub", () => {
  it("is linked from each feed's response with the feed's own URL as self", async () => {
    const { out } = outputTree();
    const server = await listen(createFeedServer({ out, hub: "https://hub.example.com/", siteUrl: "https://news.example.com/" }));
    try {
      expect((await httpGet(server, "/categories/world/rss.xml")).headers.link).toBe('<https://hub.example.com/>; rel="hub", <https://news.example.com/categories/world/rss.xml>; rel="self"');
      expect((await httpGet(server, "/feed.json")).headers.link).toContain('rel="hub"');
      expect((await httpGet(server, "/index.html")).headers.link).toBeUndefined();
    } finally {
      await close(server);
    }
  });
});

describe("queuedLog", () => {
  it("never waits for its reader: it queues up to its limit, drops and counts the rest, and says so once the log moves", async () => {
    const { closeSync, constants, openSync } = await import("node:fs");
    const { spawnSync } = await import("node:child_process");
    const { root } = outputTree();
    const fifo = join(root, "log.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const read = () => readAvailable(reader);
    try {
      const log = queuedLog(writer, 100_000);
      const line = "y".repeat(999);
      // 400 KB into a pipe that holds 64 KB, nobody reading: every call returns (a blocking write would hang here).
      for (let i = 0; i < 400; i++) log(`${i} ${line}`);
      let text = "";
      for (let i = 0; i < 100 && !text.includes("dropped"); i++) {
        text += read();
        await new Promise((r) => setTimeout(r, 20));
        if (i === 20) log(`last ${line}`);
      }
      const lines = text.split("\n").filter(Boolean);
      const note = lines.find((l) => l.includes("dropped"));
      expect(note).toMatch(/^wirefeed: \d+ log lines dropped: the log was not read fast enough$/);
      const kept = lines.filter((l) => l.endsWith(line));
      const dropped = Number(/(\d+) log lines/.exec(note!)![1]);
      // What was not dropped arrived whole and in order; the count is honest.
      expect(kept.length + dropped).toBe(401);
      expect(kept.slice(0, -1).map((l) => Number(l.split(" ")[0]))).toEqual(kept.slice(0, -1).map((_, i) => i));
      expect(kept.at(-1)).toBe(`last ${line}`);
    } finally {
      closeSync(reader);
      closeSync(writer);
    }
  });
});
