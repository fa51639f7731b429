import { describe, expect, it } from "vitest";
import { compareStories, feedUpdated, nextEmbargo, select, sortStories } from "../../src/desk/eligibility.js";
import type { Story } from "../../src/model/story.js";

const story = (id: string, published: string, extra: Partial<Story> = {}): Story => ({
  id, file: `${id}.md`, title: id, published: new Date(published), byline: ["A"], credit: "C", copyright: "©",
  summary: "", contentHtml: "", categories: [], link: `https://x.test/${id}`, status: "usable", version: 1, ...extra,
});

describe("select", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it("orders newest first, then by id, and keeps at most the limit", () => {
    const got = select([story("b", "2026-11-01T00:00:00Z"), story("c", "2026-11-02T00:00:00Z"), story("a", "2026-11-01T00:00:00Z")], now, 2);
    expect(got.map((s) => s.id)).toEqual(["c", "a"]);
  });
  it("leaves out withheld, canceled and still-embargoed stories", () => {
    const got = select([
      story("held", "2026-11-01T00:00:00Z", { status: "withheld" }),
      story("killed", "2026-11-01T00:00:00Z", { status: "canceled" }),
      story("later", "2026-11-01T00:00:00Z", { embargo: new Date("2026-11-24T12:00:01Z") }),
      story("lifted", "2026-11-01T00:00:00Z", { embargo: new Date("2026-11-24T12:00:00Z") }),
    ], now, 50);
    expect(got.map((s) => s.id)).toEqual(["lifted"]);
  });
  it("finds the next embargo to lift", () => {
    const stories = [
      story("a", "2026-11-01T00:00:00Z", { embargo: new Date("2026-11-25T00:00:00Z") }),
      story("b", "2026-11-01T00:00:00Z", { embargo: new Date("2026-11-24T18:00:00Z") }),
      story("c", "2026-11-01T00:00:00Z", { embargo: new Date("2026-11-20T00:00:00Z") }),
    ];
    expect(nextEmbargo(stories, now)?.toISOString()).toBe("2026-11-24T18:00:00.000Z");
    expect(nextEmbargo([], now)).toBeUndefined();
  });
  it("takes the feed's updated time from the newest story, never the clock", () => {
    expect(feedUpdated([story("a", "2026-11-01T00:00:00Z", { updated: new Date("2026-11-03T00:00:00Z") }), story("b", "2026-11-02T00:00:00Z")]).toISOString())
      .toBe("2026-11-03T00:00:00.000Z");
    expect(feedUpdated([]).getTime()).toBe(0);
  });
});

describe("sortStories", () => {
  it("orders as compareStories does, ties on time broken by id", () => {
    const at = (id: string, minute: number) => ({ id, published: new Date(Date.UTC(2026, 10, 20, 9, minute)) }) as Story;
    const stories = [at("b", 1), at("c", 2), at("a", 1), at("d", 0), at("a2", 2), at("B", 1)];
    const sorted = sortStories(stories);
    expect(sorted.map((s) => s.id)).toEqual(["a2", "c", "B", "a", "b", "d"]);
    expect(sorted).toEqual([...stories].sort(compareStories));
  });
});

describe("sortStories after an earlier sort", () => {
  it("gives what a sort from scratch gives when a few stories are replaced, moved or tie, call after call", async () => {
    const fc = (await import("fast-check")).default;
    const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}T00:00:00Z`;
    // Few ids and days, so replaced stories often tie with others or with each other.
    const made = fc.record({ id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), day: fc.integer({ min: 1, max: 4 }) });
    const step = fc.record({ at: fc.nat(), with: made, swap: fc.boolean() });
    fc.assert(fc.property(fc.array(made, { minLength: 1, maxLength: 12 }), fc.array(fc.array(step, { maxLength: 3 }), { maxLength: 12 }), (first, edits) => {
      let input = first.map((m) => story(m.id, day(m.day)));
      const check = () => {
        // A stable sort by the rule itself: equal stories stay in input order.
        expect(sortStories(input)).toEqual([...input].sort(compareStories));
        expect(sortStories(input).every((s, i) => s === [...input].sort(compareStories)[i])).toBe(true);
      };
      check();
      for (const batch of edits) {
        input = [...input];
        for (const e of batch) {
          const i = e.at % input.length;
          if (e.swap) [input[i], input[0]] = [input[0]!, input[i]!];
          else input[i] = story(e.with.id, day(e.with.day));
        }
        check();
      }
      return true;
    }), { numRuns: 300 });
  });

  it("does not let a caller's changes to the result reach the next sort", () => {
    const input = [story("a", "2026-11-01T00:00:00Z"), story("b", "2026-11-02T00:00:00Z")];
    sortStories(input).reverse();
    expect(sortStories(input).map((s) => s.id)).toEqual(["b", "a"]);
  });
});
