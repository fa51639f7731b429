import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isKilled, isPublishable, sortStories } from "../../src/desk/eligibility.js";
import type { Story } from "../../src/model/story.js";
import { groupDesks, type Grouping } from "../../src/plan/desks.js";

const start = Date.UTC(2026, 10, 20, 9);
const SPELLINGS = ["World", "world", "Sport", "Health"];

const story = (n: number, extra: Partial<Story> = {}): Story => ({
  id: `s${n}`, file: `s${n}.md`, title: `Story ${n}`, published: new Date(start + n * 60_000), byline: ["A"], credit: "C",
  copyright: "©", summary: "", contentHtml: "", categories: [SPELLINGS[n % 4]!], link: `https://x.test/s${n}`,
  status: "usable", version: 1, ...extra,
});

type Op = { kind: "add" | "edit" | "remove" | "kill" | "hold" | "usable" | "embargo" | "categories" | "redate"; n: number; m: number } | { kind: "later"; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constantFrom("add", "edit", "edit", "edit", "remove", "kill", "hold", "usable", "embargo", "categories", "redate"), n: fc.nat(30), m: fc.nat(40) }) as fc.Arbitrary<Op> },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("later"), minutes: fc.integer({ min: 1, max: 30 }) }) as fc.Arbitrary<Op> },
);

/** The grouping worked out by filters, one desk key at a time. */
function oracle(sorted: readonly Story[], now: Date) {
  const keys = [...new Set(sorted.flatMap((s) => s.categories.map((c) => c.toLowerCase())))];
  const visible = (s: Story) => isKilled(s, now) || isPublishable(s, now);
  return {
    killed: sorted.filter((s) => isKilled(s, now)),
    desks: keys.map((key) => {
      const stories = sorted.flatMap((s) => s.categories.filter((c) => c.toLowerCase() === key).map(() => s));
      return {
        key, stories, killed: stories.filter((s) => isKilled(s, now)), visible: stories.some(visible),
        names: [...new Set(stories.filter(visible).flatMap((s) => s.categories.filter((c) => c.toLowerCase() === key)))].sort(),
      };
    }),
  };
}

const asData = (g: Grouping) => ({
  killed: g.killed,
  desks: [...g.desks].map(([key, d]) => ({ key, stories: d.stories, killed: d.killed, visible: d.visible, names: [...d.names].sort() })),
});

describe("groupDesks", () => {
  it("groups as working it out from scratch does, whatever the desk did since the grouping it patches", () => {
    let patched = 0, calls = 0;
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
      const stories = new Map(Array.from({ length: 24 }, (_, n) => [`s${n}.md`, story(n)]));
      let now = new Date(start + 60 * 60_000);
      for (const o of ops) {
        if (o.kind === "later") now = new Date(now.getTime() + o.minutes * 60_000);
        else {
          const file = `s${o.n}.md`;
          const s = stories.get(file);
          if (o.kind === "add") stories.set(file, story(o.n));
          else if (o.kind === "remove") stories.delete(file);
          else if (s) {
            stories.set(file, {
              ...s,
              ...(o.kind === "edit" ? { title: `${s.title}, edited` } : {}),
              ...(o.kind === "kill" ? { status: "canceled" } : o.kind === "hold" ? { status: "withheld" } : o.kind === "usable" ? { status: "usable" } : {}),
              ...(o.kind === "embargo" ? { embargo: new Date(now.getTime() + (1 + o.m) * 60_000) } : {}),
              ...(o.kind === "categories" ? { categories: [SPELLINGS[o.m % 4]!, ...(o.m % 3 === 0 ? [SPELLINGS[(o.m + 1) % 4]!] : [])] } : {}),
              ...(o.kind === "redate" ? { published: new Date(start + o.m * 60_000 + 30_000) } : {}),
            });
          }
        }
        const sorted = sortStories(stories.values());
        const g = groupDesks(sorted, now);
        calls++;
        if (g.patched) patched++;
        expect(asData(g)).toEqual(oracle(sorted, now));
      }
    }), {
      numRuns: 300,
      examples: [
        // A killed story under embargo, then the embargo lifts: its kill appears with nothing else changed.
        [[{ kind: "kill", n: 3, m: 0 }, { kind: "embargo", n: 3, m: 0 }, { kind: "later", minutes: 5 }, { kind: "edit", n: 5, m: 0 }]],
        // A story held, then its desk's only published spelling held too.
        [[{ kind: "categories", n: 1, m: 1 }, { kind: "hold", n: 1, m: 0 }, { kind: "edit", n: 1, m: 0 }, { kind: "usable", n: 1, m: 0 }]],
      ] as Op[][][],
    });
    // Most calls patched the grouping before them, not grouped from scratch.
    expect(patched).toBeGreaterThan(calls / 3);
  });
});
