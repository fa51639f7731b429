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
