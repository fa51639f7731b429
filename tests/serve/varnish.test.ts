/**
 * A caching edge in front of the origin: Debian's Varnish before nginx running the conf
 * `wirefeed nginx-conf` writes, as a CDN would sit. Pollers get 304s from the edge without
 * reaching the origin, and a rebuild reaches them within the max-age the conf gives.
 */
import { execFile } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/config.js";
import { nginxConf } from "../../src/serve/nginx.js";
import { httpAt } from "../support/http.js";
import { sharedTemp, startNginx, startVarnish, type Running } from "../support/servers.js";
import { makeTree, storyText } from "../support/tree.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";
const MAX_AGE = 2;
const VCL = `vcl 4.1;
backend origin { .host = "127.0.0.1"; .port = "BACKEND_PORT"; }
`;

describe("Varnish in front of nginx", () => {
  let root: string;
  let nginx: Running;
  let varnish: Running;
  const rebuild = (title: string) => {
    writeFileSync(join(root, "stories/s1.md"), storyText({ title: JSON.stringify(title), published: "2026-11-20T09:00:00Z" }));
    return new Promise<void>((resolve, reject) => execFile(process.execPath, [CLI, "build", "--now", NOW], { cwd: root }, (err) => (err ? reject(err) : resolve())));
  };
  beforeAll(async () => {
    root = sharedTemp("wirefeed-edge-");
    renameSync(makeTree({ "s2.md": storyText({ title: '"Second"', published: "2026-11-19T09:00:00Z" }) }), join(root, "stories"));
    writeFileSync(join(root, "wirefeed.config.json"), JSON.stringify({ siteUrl: "https://wire.example.org/" }));
    await rebuild("First version");
    const r = validateConfig({ siteUrl: "https://wire.example.org/" });
    if (!r.ok) throw new Error("config");
    nginx = await startNginx((listen) => nginxConf(r.config, { out: join(root, "output"), listen, maxAge: MAX_AGE }));
    varnish = await startVarnish(nginx.port, VCL);
  });
  afterAll(async () => {
    await varnish?.stop();
    await nginx?.stop();
  });
  const originHits = () => readFileSync(join(nginx.prefix, "access.log"), "utf8").split("\n").filter((l) => l.includes(" /rss.xml ")).length;
  const poll = (etag?: string) => httpAt(varnish.port, "/rss.xml", { headers: { "Accept-Encoding": "gzip", ...(etag ? { "If-None-Match": etag } : {}) } });

  it("answers pollers' conditional GETs with 304 from the edge, and a rebuild reaches them within the max-age", async () => {
    const first = await poll();
    expect(first.status).toBe(200);
    const body = (r: { body: Buffer; headers: Record<string, unknown> }) => (r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body) : r.body).toString();
    expect(body(first)).toContain("First version");
    const etag = first.headers.etag!;
    const hitsBefore = originHits();
    const polls = await Promise.all(Array.from({ length: 20 }, () => poll(etag)));
    for (const p of polls) expect(p.status).toBe(304);
    // All twenty came from the edge's copy: the origin saw none of them.
    expect(originHits()).toBe(hitsBefore);

    await rebuild("Second version");
    const fresh = readFileSync(join(root, "output/rss.xml"), "utf8");
    expect(fresh).toContain("Second version");
    // Poll as a reader does, bounded: the new feed must arrive within max-age (+ one revalidation).
    let got: string | undefined;
    const started = Date.now();
    for (let i = 0; i < 60 && got === undefined; i++) {
      const r = await poll(etag);
      if (r.status === 200) got = body(r);
      else await new Promise((done) => setTimeout(done, 250));
    }
    const waited = (Date.now() - started) / 1000;
    expect(got).toBe(fresh);
    // Within the max-age and the stale-while-revalidate the conf gives (a cache rule, not a speed
    // target), with 5 s of slack for a loaded machine.
    expect(waited).toBeLessThan(MAX_AGE * 2 + 5);
  });
});
