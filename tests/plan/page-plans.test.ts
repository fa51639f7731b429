import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { fingerprint } from "../../src/plan/fingerprint.js";
import { planFeeds, planFeedsReusing, type PagePlan } from "../../src/plan/plan.js";
import type { Story } from "../../src/model/story.js";

const config = { ...defaultConfig(), items: 3 };
const start = Date.UTC(2026, 10, 20, 9);

const story = (n: number, extra: Partial<Story> = {}): Story => ({
  id: `s${n}`, file: `s${n}.md`, title: `Story ${n}`, published: new Date(start + n * 60_000), byline: ["A"], credit: "C",
  copyright: "©", summary: "", contentHtml: "", categories: [n % 2 ? "World" : "Sport"], link: `https://x.test/s${n}`,
  status: "usable", version: 1, ...extra,
});

/** What a desk does to the stories folder between two rebuilds. */
type Op =
  | { kind: "add" | "edit" | "remove" | "kill" | "hold" | "embargo"; n: number }
  | { kind: "later"; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom("add", "edit", "remove", "kill", "hold", "embargo"), n: fc.nat(40) }) as fc.Arbitrary<Op>,
  fc.record({ kind: fc.constant("later"), minutes: fc.integer({ min: 1, max: 30 }) }) as fc.Arbitrary<Op>,
);

/** Applies `op` to the stories by file, as a catalog does: a changed file is a new object. */
function apply(stories: Map<string, Story>, o: Op, now: Date): Date {
  if (o.kind === "later") return new Date(now.getTime() + o.minutes * 60_000);
  const file = `s${o.n}.md`;
  const before = stories.get(file);
  if (o.kind === "add") stories.set(file, story(o.n));
  else if (o.kind === "remove") stories.delete(file);
  else if (before && o.kind === "edit") stories.set(file, { ...before, title: `${before.title}, edited`, version: before.version + 1 });
  else if (before && o.kind === "kill") stories.set(file, { ...before, status: "canceled" });
  else if (before && o.kind === "hold") stories.set(file, { ...before, status: "withheld" });
  else if (before && o.kind === "embargo") stories.set(file, { ...before, embargo: new Date(now.getTime() + 10 * 60_000) });
  return now;
}

describe("planFeedsReusing", () => {
  it("plans every feed as planFeeds does, whatever the desk did since the plans it reuses", () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
      const stories = new Map(Array.from({ length: 30 }, (_, n) => [`s${n}.md`, story(n)]));
      let now = new Date(start + 60 * 60_000);
      let pages: Map<string, PagePlan> | undefined;
      for (const o of ops) {
        now = apply(stories, o, now);
        const reused = planFeedsReusing(stories.values(), config, now, pages);
        const fresh = planFeeds(stories.values(), config, now);
        expect(reused.plans).toEqual(fresh);
        expect(reused.plans.map(fingerprint)).toEqual(fresh.map(fingerprint));
        pages = reused.pages;
      }
    }), { numRuns: 200 });
  });

  it("reuses an archive page whose stories are unchanged, and plans again the page a change touches", () => {
    const stories = new Map(Array.from({ length: 30 }, (_, n) => [`s${n}.md`, story(n)]));
    const now = new Date(start + 60 * 60_000);
    const first = planFeedsReusing(stories.values(), config, now);
    const archive = (plans: typeof first.plans) => plans.filter((p) => p.kind === "archive");
    expect(archive(first.plans).length).toBe(9);
    // A story on page 2 (stories 3 to 5, oldest first) is edited.
    stories.set("s4.md", { ...stories.get("s4.md")!, title: "Edited" });
    const second = planFeedsReusing(stories.values(), config, now, first.pages);
    archive(second.plans).forEach((p, i) => {
      if (p.prefix === "archive/2/") expect(p).not.toBe(archive(first.plans)[i]);
      else expect(p).toBe(archive(first.plans)[i]);
    });
    // Three new stories make a new page: the last page before it gains a `next` link.
    for (const n of [30, 31, 32]) stories.set(`s${n}.md`, story(n));
    const third = planFeedsReusing(stories.values(), config, now, second.pages);
    expect(archive(third.plans).length).toBe(10);
    expect(third.plans.find((p) => p.prefix === "archive/9/")).not.toBe(second.plans.find((p) => p.prefix === "archive/9/"));
    expect(third.plans.find((p) => p.prefix === "archive/9/")?.doc.history?.next).toBeDefined();
    expect(third.plans.find((p) => p.prefix === "archive/8/")).toBe(second.plans.find((p) => p.prefix === "archive/8/"));
  });
});

describe("planFeeds' tombstones", () => {
  it("are the killed stories of each live feed, newest first, whatever the statuses, embargoes and categories", async () => {
    const { compareStories, isKilled, tombstone } = await import("../../src/desk/eligibility.js");
    const made = fc.record({
      status: fc.constantFrom("usable", "usable", "canceled", "withheld"),
      embargoed: fc.boolean(),
      categories: fc.subarray(["World", "Sport", "Health"]),
    });
    fc.assert(fc.property(fc.array(made, { maxLength: 30 }), (specs) => {
      const now = new Date(start + 60 * 60_000);
      const stories = specs.map((m, n) => story(n, {
        status: m.status as Story["status"], categories: m.categories,
        ...(m.embargoed ? { embargo: new Date(now.getTime() + 60_000) } : {}),
      }));
      const sorted = [...stories].sort(compareStories);
      for (const plan of planFeeds(stories, config, now).filter((p) => p.kind !== "archive")) {
        const members = plan.kind === "main" ? sorted
          : sorted.filter((s) => s.categories.some((c) => c.toLowerCase() === plan.category!.toLowerCase()));
        const killed = members.filter((s) => isKilled(s, now)).map(tombstone);
        expect(plan.doc.deleted ?? [], plan.prefix).toEqual(killed);
      }
    }), { numRuns: 200 });
  });
});
