import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/config.js";
import { Catalog } from "../../src/state/catalog.js";
import { entryFromBytes } from "../../src/state/entry.js";
import { makeTree, storyText } from "../support/tree.js";

const config = defaultConfig();

function catalogOf(n: number): { catalog: Catalog; dir: string; put: (file: string, body: string) => void } {
  const dir = join(makeTree({}, "wirefeed-hydrate-"));
  const catalog = new Catalog(config, dir);
  const put = (file: string, body: string) => {
    const bytes = Buffer.from(storyText({ id: file.replace(".md", "") }, `GENEVA — ${body}\n`));
    writeFileSync(join(dir, file), bytes);
    catalog.set(entryFromBytes(file, bytes, 0, config));
  };
  for (let i = 0; i < n; i++) put(`s${i}.md`, `Story ${i} went on.`);
  return { catalog, dir, put };
}

const stories = (catalog: Catalog) => catalog.resolve().stories;

describe("Catalog.hydrate for an archive page (retain false)", () => {
  it("renders again only the stories that changed since the last page it rendered", async () => {
    const { catalog, put } = catalogOf(4);
    const first = await catalog.hydrate(stories(catalog), false);
    expect(first.map((s) => s.contentHtml)).toEqual([0, 1, 2, 3].map((i) => `<p>GENEVA — Story ${i} went on.</p>\n`));
    put("s2.md", "Story 2, edited.");
    const second = await catalog.hydrate(stories(catalog), false);
    second.forEach((s, i) => (i === 2 ? expect(s).not.toBe(first[i]) : expect(s).toBe(first[i])));
    expect(second[2]!.contentHtml).toBe("<p>GENEVA — Story 2, edited.</p>\n");
  });

  it("renders a story again when the catalogue holds another story of the same bytes (raw text's dates)", async () => {
    const { catalog } = catalogOf(2);
    const [a] = await catalog.hydrate(stories(catalog), false);
    const entry = catalog.get("s0.md")!;
    const redated = new Date("2026-11-01T00:00:00Z");
    catalog.set({ ...entry, story: { ...entry.story!, published: redated } });
    const [b] = await catalog.hydrate(stories(catalog), false);
    expect(b!.published).toEqual(redated);
    expect(b!.contentHtml).toBe(a!.contentHtml);
    // The same holds for the live feeds' bodies, kept between calls.
    const [c] = await catalog.hydrate(stories(catalog), true);
    catalog.set({ ...catalog.get("s0.md")!, story: { ...catalog.get("s0.md")!.story!, published: entry.story!.published } });
    const [d] = await catalog.hydrate(stories(catalog), true);
    expect(c!.published).toEqual(redated);
    expect(d!.published).toEqual(entry.story!.published);
  });
});
