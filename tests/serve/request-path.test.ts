import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pathResolver } from "../../src/serve/request-path.js";

describe("pathResolver: a server's request paths, resolved once a second", () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "wirefeed-resolve-")));
  const out = join(root, "out");
  mkdirSync(out);
  writeFileSync(join(out, "rss.xml"), "<rss/>");
  writeFileSync(join(out, ".wirefeed-cache.json"), "{}");
  writeFileSync(join(root, "secret.txt"), "secret");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("answers as containedPath does, and sees a link made meanwhile once its time is up", () => {
    let t = 0;
    const resolvePath = pathResolver(out, () => t);
    expect(resolvePath("rss.xml")).toBe(join(out, "rss.xml"));
    expect(resolvePath("missing.xml")).toBeUndefined();
    expect(resolvePath("../secret.txt")).toBeUndefined();
    // A link to a dotfile and one out of the folder, made after a first look at their names.
    expect(resolvePath("cache.json")).toBeUndefined();
    symlinkSync(join(out, ".wirefeed-cache.json"), join(out, "cache.json"));
    symlinkSync(join(root, "secret.txt"), join(out, "leak.txt"));
    writeFileSync(join(out, "missing.xml"), "<rss/>");
    t += 999;
    expect(resolvePath("missing.xml")).toBeUndefined(); // still the answer of a moment ago
    t += 2;
    expect(resolvePath("missing.xml")).toBe(join(out, "missing.xml"));
    expect(resolvePath("cache.json")).toBeUndefined();
    expect(resolvePath("leak.txt")).toBeUndefined();
  });
});
