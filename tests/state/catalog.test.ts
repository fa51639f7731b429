import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Catalog, resolveDuplicates } from "../../src/state/catalog.js";
import { defaultConfig } from "../../src/config/config.js";
import type { Entry } from "../../src/state/entry.js";
import { duplicateIdError, duplicateStories } from "../../src/desk/duplicates.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import { sortDiagnostics } from "../../src/model/diagnostics.js";
import type { Story } from "../../src/model/story.js";

const config = defaultConfig();

/** An entry whose story has just what duplicate resolution looks at; `story: false` is a failed read. */
function entry(file: string, id: string, title: string, body: string, ok: boolean): Entry {
  const diagnostics: Diagnostic[] = [{ file, line: 2, column: 1, severity: ok ? "warning" : "error", rule: "x", message: `${id}/${title}` }];
  if (!ok) return { file, size: 1, mtimeMs: 1, hash: "h", diagnostics };
  const story = { id, file, title, bodyHash: body } as unknown as Story;
  return { file, size: 1, mtimeMs: 1, hash: "h", story, diagnostics };
}

/** What resolve must give: the pure functions over the catalogue's entries. */
/**
 * The duplicate rules the plain way, as the oracle for the catalog's indexes: files in path order,
 * the first with an id keeps it, then the same story under two ids among those kept.
 */
function reference(entries: Iterable<Entry>) {
  const list = [...entries];
  const byId = new Map<string, Story>();
  const dup: Diagnostic[] = [];
  for (const { file, story } of [...list].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if (!story) continue;
    const first = byId.get(story.id);
    if (first) dup.push(duplicateIdError(file, story.id, first.file));
    else byId.set(story.id, story);
  }
  const stories = [...byId.values()];
  const diagnostics = [...dup, ...duplicateStories(stories)];
  return { stories: [...stories].sort((a, b) => (a.file < b.file ? -1 : 1)), diagnostics: sortDiagnostics([...list.flatMap((e) => e.diagnostics), ...diagnostics]) };
}

const op = fc.record({
  kind: fc.constantFrom("set", "set", "set", "update", "delete"),
  file: fc.constantFrom("a.md", "b.md", "c/d.md", "c.md", "e.md", "a/b.md", "z.md"),
  id: fc.constantFrom("one", "two", "three"),
  title: fc.constantFrom("T", "U"),
  body: fc.constantFrom("b1", "b2"),
  ok: fc.boolean(),
});

/** `value` one time in twelve, else `otherwise`. */
const rarely = <T>(value: T, otherwise: T) => fc.oneof({ arbitrary: fc.constant(value), weight: 1 }, { arbitrary: fc.constant(otherwise), weight: 11 });

describe("Catalog.resolve", () => {
  it("keeps the first file by path for each id and flags the same story under two ids, as the plain rules do from scratch, through any edits", () => {
    let withDuplicates = 0;
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const catalog = new Catalog(config, "/nowhere");
      let sawDuplicate = false;
      for (const o of ops) {
        if (o.kind === "delete") catalog.delete(o.file);
        else if (o.kind === "update") catalog.update(entry(o.file, o.id, o.title, o.body, o.ok));
        else catalog.set(entry(o.file, o.id, o.title, o.body, o.ok));
        const got = catalog.resolve();
        const want = reference(catalog.all());
        expect(got.diagnostics).toEqual(want.diagnostics);
        expect(got.stories).toEqual(want.stories);
        sawDuplicate ||= got.diagnostics.some((d) => d.rule === "duplicate-id" || d.rule === "duplicate-story");
      }
      if (sawDuplicate) withDuplicates++;
      return true;
    }), { numRuns: 300 });
    // The property is about duplicates: many runs must have had some.
    expect(withDuplicates).toBeGreaterThan(50);
  });

  it("lists stories in path order, whatever order files arrive in", () => {
    const catalog = new Catalog(config, "/nowhere");
    for (const f of ["m.md", "b/a.md", "b.md", "a.md"]) catalog.set(entry(f, f, "T", f, true));
    expect(catalog.resolve().stories.map((s) => s.file)).toEqual(["a.md", "b.md", "b/a.md", "m.md"]);
    catalog.delete("b.md");
    expect(catalog.resolve().stories.map((s) => s.file)).toEqual(["a.md", "b/a.md", "m.md"]);
  });

  it("gives what a resolution from scratch gives when its kept result is patched, through edits that move ids, bodies, items and diagnostics between files", () => {
    // Mostly unique ids and bodies, so most edits take the patch; some collide, some files hold
    // several stories, and some diagnostics are about another file, which the patch must notice.
    const edit = fc.record({
      kind: fc.constantFrom("set", "set", "update", "delete"),
      file: fc.constantFrom("a.md", "b.md", "c.md", "c/d.md", "d.md", "e.xml", "z.md"),
      id: fc.integer({ min: 1, max: 20 }).map((n) => `id${n}`),
      body: fc.integer({ min: 1, max: 20 }).map((n) => `b${n}`),
      title: fc.constantFrom("T", "U"),
      ok: fc.boolean(),
      // Rare, as each one keeps the resolution from being patched while its entry stays.
      more: rarely(1, 0),
      notes: fc.array(fc.record({ line: fc.integer({ min: 1, max: 3 }), rule: fc.constantFrom("r", "s"), foreign: rarely(true, false) }), { maxLength: 3 }),
    });
    const make = (o: typeof edit extends fc.Arbitrary<infer T> ? T : never): Entry => {
      const e = entry(o.file, o.id, o.title, o.body, o.ok);
      e.diagnostics.push(...o.notes.map((n, i): Diagnostic => ({
        file: n.foreign ? "other.md" : o.file, line: n.line, column: 1, severity: "warning", rule: n.rule, message: `note ${i}`,
      })));
      if (e.story && o.more) e.more = [{ id: `${o.id}-2`, file: o.file, title: o.title, bodyHash: `${o.body}-2`, item: { line: 9, column: 1 } } as unknown as Story];
      return e;
    };
    // A resolution kept by the catalogue and still the same object after `resolve` was patched.
    const kept = (c: Catalog) => c["resolved"];
    let patched = 0;
    fc.assert(fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 30 }), (batches) => {
      const catalog = new Catalog(config, "/nowhere");
      for (const batch of batches) {
        for (const o of batch) {
          if (o.kind === "delete") catalog.delete(o.file);
          else if (o.kind === "update") catalog.update(make(o));
          else catalog.set(make(o));
        }
        const before = kept(catalog);
        const got = catalog.resolve();
        if (before !== undefined && kept(catalog) === before) patched++;
        const want = resolveDuplicates([...catalog.all()].reverse(), config);
        expect(got.stories).toEqual(want.stories);
        expect(got.diagnostics).toEqual(want.diagnostics);
        // What a caller does with the lists does not reach the kept ones.
        got.stories.length = 0;
        got.diagnostics.length = 0;
      }
      return true;
    }), { numRuns: 300 });
    // The property is about the patch: many resolutions must have taken it, not only the full pass.
    expect(patched).toBeGreaterThan(200);
  });
});
