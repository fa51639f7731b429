import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/model/canonical.js";
import type { Story } from "../../src/model/story.js";
import { storyKey } from "../../src/plan/fingerprint.js";

/** A story's fields, as the parser makes them; `picture` with its own fields in that order. */
const FIELDS: [string, unknown][] = [
  ["id", "a"], ["file", "a.md"], ["title", "Alpha"], ["published", new Date("2026-11-20T09:00:00Z")], ["byline", ["A B"]],
  ["credit", "Northwind Wire"], ["copyright", "© 2026 Northwind Wire"], ["summary", "s"], ["contentHtml", "<p>x</p>"],
  ["bodyHash", "h"], ["categories", ["World"]], ["link", "https://wire.example.org/a"], ["status", "usable"], ["version", 1],
  ["embargo", new Date("2026-11-21T06:00:00Z")],
  ["images", [{ href: "https://img.example.org/a.jpg", width: 800, credit: "Photo desk", alt: "A harbour" }]],
];

/** A story with its properties added in the given order (and each picture's reversed, when `flip`). */
function storyOf(fields: [string, unknown][], flip = false): Story {
  const s: Record<string, unknown> = {};
  for (const [k, v] of fields) {
    s[k] = k === "images" && flip ? (v as Record<string, unknown>[]).map((p) => Object.fromEntries(Object.entries(p).reverse())) : v;
  }
  return s as unknown as Story;
}

describe("storyKey", () => {
  it("is the same for two stories with the same values whatever order their properties were added in", () => {
    const made = storyOf(FIELDS);
    const reversed = storyOf([...FIELDS].reverse(), true);
    expect(Object.keys(reversed)).not.toEqual(Object.keys(made));
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(made));
    expect(storyKey(reversed)).toBe(storyKey(made));
  });

  it("changes when a value changes, a picture's included, but not with the body or where it was found", () => {
    const key = storyKey(storyOf(FIELDS));
    const edited = (name: string, value: unknown) => storyKey(storyOf(FIELDS.map(([k, v]) => [k, k === name ? value : v])));
    expect(edited("title", "Alpha, revised")).not.toBe(key);
    expect(edited("published", new Date("2026-11-20T09:00:01Z"))).not.toBe(key);
    expect(edited("byline", ["A B", "C D"])).not.toBe(key);
    expect(edited("images", [{ href: "https://img.example.org/a.jpg", width: 800, credit: "Photo desk", alt: "A boat" }])).not.toBe(key);
    expect(storyKey(storyOf([...FIELDS, ["correction", "A name was misspelled."]]))).not.toBe(key);
    // The rendered body is stood for by `bodyHash`; `bodyOffset` says where the body began in the file.
    expect(edited("contentHtml", "<p>other</p>")).toBe(key);
    expect(storyKey(storyOf([...FIELDS, ["bodyOffset", 120]]))).toBe(key);
  });
});

describe("canonicalJson", () => {
  it("sorts the keys of every object, nested ones too, and keeps arrays in their order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, 1], u: undefined })).toBe('{"a":[{"c":3,"d":2},1],"b":1}');
    expect(canonicalJson({ when: new Date("2026-11-20T09:00:00Z") })).toBe('{"when":"2026-11-20T09:00:00.000Z"}');
  });
});
