import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { entryFromBytes, type Entry } from "../../src/state/entry.js";
import { fullCollector } from "../../src/watch/rest.js";
import { storyText } from "../support/tree.js";

const config = defaultConfig();

/** Bytes in use on the heap after full collections. */
function heapUsed(gc: () => void): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

describe("catalogue entries hold their values, not their files' text", () => {
  it("keeps a few bytes per story when each story's front matter is 48 KB it does not keep", () => {
    const gc = fullCollector();
    expect(gc).toBeDefined();
    // An ignored field (a warning) makes each front matter 48 KB (the limit is 64); the values kept are short.
    const notes = `|\n${Array.from({ length: 500 }, (_, i) => `  note ${i} ${"x".repeat(90)}`).join("\n")}`;
    const files = Array.from({ length: 400 }, (_, i) => Buffer.from(storyText({ id: `story-${String(i).padStart(7, "0")}`, notes })));
    const kept: Entry[] = [];
    const before = heapUsed(gc!);
    for (const [i, bytes] of files.entries()) kept.push(entryFromBytes(`s-${i}.md`, bytes, 0, config));
    const grown = heapUsed(gc!) - before;
    expect(kept.every((e) => e.story?.title === "Talks resume in Geneva")).toBe(true);
    expect(kept[0]!.diagnostics).toMatchObject([{ rule: "unknown-field" }]);
    // Holding the front matter would be at least 400 × 48 KB = 19 MB.
    expect(grown).toBeLessThan(2_000_000);
  });

  it("holds a value that recurs from story to story once, however many stories carry it", () => {
    const gc = fullCollector()!;
    // A 6 KB copyright notice, the same in 400 stories, each file read from its own bytes.
    const notice = `"Copyright © 2026 Northwind Wire.${" All rights reserved, every one of them.".repeat(150)}"`;
    const files = Array.from({ length: 400 }, (_, i) => Buffer.from(storyText({ id: `story-${String(i).padStart(7, "0")}`, copyright: notice })));
    const kept: Entry[] = [];
    const before = heapUsed(gc);
    for (const [i, bytes] of files.entries()) kept.push(entryFromBytes(`s-${i}.md`, bytes, 0, config));
    const grown = heapUsed(gc) - before;
    expect(kept.every((e) => e.story?.copyright === notice.slice(1, -1))).toBe(true);
    // A copy per story would be at least 400 × 6 KB = 2.4 MB (twice that as UTF-16).
    expect(grown).toBeLessThan(1_000_000);
  });
});
