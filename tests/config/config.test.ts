import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../../src/config/file.js";
import { configJsonSchema, ConfigError, defaultConfig, loadConfig, validateConfig } from "../../src/config/config.js";

describe("validateConfig", () => {
  it("fills every default and keeps what is given", () => {
    const r = validateConfig({ items: 20, siteUrl: "https://wire.example.org" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.items).toBe(20);
    expect(r.config.siteUrl).toBe("https://wire.example.org/");
    expect(r.config.timeZone).toBe("UTC");
    expect(r.config.stories).toBe("stories");
  });
  it("reports every problem with the field, the expectation and what was received", () => {
    const r = validateConfig({ items: 0, siteUrl: "not a url", timeZone: "Mars/Base", itmes: 3 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join("\n");
    expect(text).toMatch(/^items: .*received 0/m);
    expect(text).toMatch(/^siteUrl: .*received "not a url"/m);
    expect(text).toMatch(/^timeZone: .*IANA time zone.*received "Mars\/Base"/m);
    expect(text).toMatch(/itmes/);
  });
});

describe("loadConfig", () => {
  it("gives the defaults when an optional file is missing, and refuses a missing required one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-config-"));
    expect(await loadConfig(join(dir, "none.json"), false)).toEqual(defaultConfig());
    await expect(loadConfig(join(dir, "none.json"), true)).rejects.toBeInstanceOf(ConfigError);
  });
  it("reports bad JSON as a ConfigError", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-config-"));
    await writeFile(join(dir, "c.json"), "{ items: 3 ");
    await expect(loadConfig(join(dir, "c.json"), true)).rejects.toThrow(/not valid JSON/);
  });
});

describe("the shipped JSON Schema", () => {
  it("is the one the config schema gives (regenerate with npm run schema)", async () => {
    const shipped = JSON.parse(await readFile(new URL("../../schema/wirefeed.config.schema.json", import.meta.url), "utf8"));
    expect(shipped).toEqual(configJsonSchema());
  });
});

describe("VERSION", () => {
  it("is package.json's version (it keys the build cache)", async () => {
    const { VERSION } = await import("../../src/version.js");
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });
});

describe("jsonErrorOffset: where a config file stops being JSON", () => {
  it("finds no fault exactly when JSON.parse accepts the text", () => {
    // Texts from JSON's own pieces, put together mostly wrongly: the two must agree on each.
    const piece = fc.constantFrom("{", "}", "[", "]", ":", ",", " ", "\n", '"', '"a"', "\\", "\\u00e9", "\\x", "1", "-", "0", ".5", "e3", "true", "nul", "null", "\t", "\u0001");
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join("")), (text) => {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const offset = jsonErrorOffset(text);
      expect(offset === undefined).toBe(parses);
      if (offset !== undefined) expect(offset).toBeLessThanOrEqual(text.length);
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonErrorOffset(JSON.stringify(v, null, 2)) === undefined));
  });
  it("points where V8 points when V8 says, and at the bad token when it does not", () => {
    expect(jsonErrorOffset('{\n  "title": "x",\n  oops\n}\n')).toBe(20); // V8: position 20
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8); // V8: position 8
    expect(jsonErrorOffset('{"a":1} x')).toBe(8); // V8: position 8
    expect(jsonErrorOffset('{"a":}')).toBe(5); // V8: "Unexpected token '}'", no position
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset("")).toBe(0);
    expect(jsonErrorOffset('{"a": [1, 2')).toBe(11);
  });
});
