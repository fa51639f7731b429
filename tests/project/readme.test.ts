/**
 * The examples README.md gives users to copy: each is read by wirefeed's own config and story
 * readers, so an example that drifts from what wirefeed accepts (a renamed field, a value form
 * it now refuses) fails here rather than for the user who copied it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { validateConfig } from "../../src/config/config.js";
import { storyFromBytes } from "../../src/normalize/from-bytes.js";
import { hashToken } from "../../src/serve/partners.js";
import { testConfig } from "../support/config.js";
import { ROOT } from "../support/project.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The text of the `## heading` section, up to the next `## ` heading. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${heading}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

/** The fenced code blocks of `lang` in `text`, in order. */
const blocks = (text: string, lang: string): string[] => [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

const read = (text: string) => storyFromBytes("example.md", Buffer.from(text), new Date(0), testConfig({}), true);

describe("README examples", () => {
  test("Configuration: the example config is accepted, once its token placeholder is a real SHA-256", () => {
    const [example] = blocks(section("Configuration"), "json");
    expect(example).toContain('"tokenSha256": "<wirefeed hash-token output>"');
    const config = JSON.parse(example!.replace("<wirefeed hash-token output>", hashToken("a partner's token"))) as Record<string, unknown>;
    const r = validateConfig(config);
    expect(r.ok ? [] : r.problems).toEqual([]);
    // The `$schema` line the section tells editors to add is accepted beside it.
    const schema = /"\$schema": "([^"]+)"/.exec(section("Configuration"))?.[1];
    expect(schema).toBe("./node_modules/wirefeed/schema/wirefeed.config.schema.json");
    expect(validateConfig({ $schema: schema, ...config }).ok).toBe(true);
  });

  test("Desk rules: the config feeds example is accepted", () => {
    const [feeds] = blocks(section("Desk rules"), "json");
    const r = validateConfig(JSON.parse(feeds!));
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok && r.config.feeds).toMatchObject([{ path: "world-agencies", filter: { language: "en" } }]);
  });

  test("Story files: the front matter example, every field set, reads as one story without a diagnostic", () => {
    const [example] = blocks(section("Story files"), "yaml");
    const r = read(example!);
    expect(r.diagnostics).toEqual([]);
    expect(r.story).toMatchObject({
      id: "nw-2026-11-20-geneva-talks",
      byline: ["Amira Haddad"],
      usageTerms: "For use by subscribers only. No archiving.",
      categories: ["World", "Diplomacy"],
      images: [{ credit: "Jonas Feld / Northwind Photo", copyright: "© 2026 Northwind Photo", length: 245760 }],
    });
    expect(r.story?.embargo?.toISOString()).toBe("2026-11-21T06:00:00.000Z");
  });

  test("Desk rules: the story using every rule reads without a diagnostic, given a body", () => {
    const [example] = blocks(section("Desk rules"), "yaml");
    const r = read(`${example!}\nFRANKFURT — The central bank raised its main rate.\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.story).toMatchObject({ id: "nw-2026-11-21-rates", status: "usable", version: 2, correction: "An earlier version gave the new rate as 4.25%." });
  });
});
