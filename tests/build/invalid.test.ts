/**
 * The bad-input corpus: tests/fixtures/stories/invalid/ holds one defect per file, each named
 * after the rule it must trigger (`<rule>.md` or `<rule>--<variant>.md`); tests/fixtures/stories/edge/
 * holds awkward but valid stories (byte-order marks, CRLF and CR, a time without a UTC offset,
 * `]]>`, non-Latin scripts) that must all be published. Cases that would be unwieldy or unsafe to
 * commit (binary, over 1 MB, symbolic links, a FIFO, a directory named like a story, vanishing
 * files, a 1 MB story on one line) are made here at run time.
 *
 * One build over all of it: every file gets its diagnostic with a position, the good stories are
 * all published, the result has errors (the CLI exits 1), no stack trace is printed, no code in a
 * story runs, no active content reaches any output (as parse5 reads it), hostile markup is
 * published neutralized, and the outputs pass the validators.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, type BuildResult } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { formatText, type Diagnostic } from "../../src/model/diagnostics.js";
import { readStory } from "../../src/ingest/read.js";
import { activeContent, activeInOutputs } from "../support/active.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree, storyText } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const INVALID = fileURLToPath(new URL("../fixtures/stories/invalid/", import.meta.url));
const EDGE = fileURLToPath(new URL("../fixtures/stories/edge/", import.meta.url));
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";
const MIB = 1024 * 1024;

/** No publisher: a story without byline and credit must then be an error. Offset-less times are Paris time. */
const config: Config = testConfig({ siteUrl: "https://wire.example.org/", timeZone: "Europe/Paris" });

interface Expected {
  rule: string;
  severity: "error" | "warning";
  line?: number;
  column?: number;
  /** Other rules the same defect may also raise (e.g. `missing-title` after `invalid-title`). */
  also?: string[];
  /** Whether the story is published; by default, when the file has warnings only. */
  published?: boolean;
}

const err = (line?: number, column?: number, also?: string[]) => ({ severity: "error" as const, line, column, also });
const warn = (line?: number, column?: number) => ({ severity: "warning" as const, line, column });

/**
 * The warning naming where an undated raw story's date came from: its first commit when this
 * checkout has the history, else the first build that saw it, else the file's time.
 */
const RAW_DATED = ["published-from-git", "published-from-first-build", "published-from-mtime"];

/** Every committed fixture, by file name; the rule is the name up to `--` or the extension. */
const COMMITTED: Record<string, Omit<Expected, "rule">> = {
  // YAML and front matter. A YAML error points where YAML noticed it: the line itself for most
  // slips, the next line for an unclosed bracket or quote.
  "yaml-syntax.md": err(2, 20),
  "yaml-syntax--bad-indent.md": err(4, 9),
  "yaml-syntax--tab-indent.md": err(6, 1),
  "yaml-syntax--duplicate-key.md": err(7, 1),
  "yaml-syntax--unclosed-bracket.md": err(5, 1),
  "yaml-syntax--unclosed-quote.md": err(5, 7),
  "yaml-syntax--js-tag.md": err(7),
  "yaml-syntax--undefined-alias.md": err(5),
  "front-matter-code--js.md": err(1, 4),
  "front-matter-code--javascript.md": err(1, 4),
  "front-matter-code--coffee.md": err(1, 4),
  "front-matter-language--toml.md": err(1, 4),
  "front-matter-language--unknown.md": err(1, 4),
  "front-matter-not-mapping.md": err(2, 1),
  "front-matter-unclosed.md": err(1, 1),
  "front-matter-aliases.md": err(2),
  "front-matter-too-large--aliases.md": err(2),
  "front-matter-too-deep.md": err(7),
  "missing-front-matter.md": err(1, 1),
  "empty-file.md": err(1, 1),
  "empty-file--whitespace.txt": err(1, 1),
  // The closing `---` is line 7; a story with no text is not publishable.
  "empty-body.md": err(8, 1),
  // Required fields, at the key when it is there.
  "missing-title.md": err(1, 1),
  "invalid-title--blank.md": err(2, 1, ["missing-title"]),
  "invalid-title--empty.md": err(2, 1, ["missing-title"]),
  "missing-published.md": err(1, 1),
  "missing-copyright.md": err(1, 1),
  "invalid-copyright--blank.md": err(6, 1, ["missing-copyright"]),
  "missing-attribution.md": err(1, 1),
  "missing-copyright--raw.txt": err(1, 1, ["missing-attribution", ...RAW_DATED]),
  "unknown-field.md": warn(7, 1),
  "unknown-field--proto.md": warn(7, 1),
  // Dates, ids and other fields.
  "invalid-published.md": err(3, 1, ["missing-published"]),
  "invalid-published--words.md": err(3, 1, ["missing-published"]),
  "invalid-published--time.md": err(3, 1, ["missing-published"]),
  "invalid-updated.md": err(7, 1),
  "invalid-embargo.md": err(7, 1),
  "invalid-id--slash.md": err(7, 1),
  "invalid-id--dotdot.md": err(7, 1),
  "invalid-id--space.md": err(7, 1),
  "invalid-id--non-ascii.md": err(7, 1),
  "invalid-id--file name.md": err(1, 1),
  "invalid-link.md": err(7, 1),
  "invalid-version.md": err(7, 1),
  "invalid-categories.md": err(7, 1),
  "invalid-categories--too-long.md": err(7, 1),
  "too-many-categories.md": err(7, 1),
  // Encodings and characters: read, warned, published.
  "not-utf8.md": warn(2, 9),
  "not-utf8--mixed.md": warn(9, 30),
  "xml-forbidden-char.md": warn(9, 19),
  "xml-forbidden-char--front-matter.md": warn(2, 14),
  "xml-forbidden-char--yaml-escape.md": warn(2, 1),
  "xml-forbidden-char--lone-surrogate.md": warn(2, 1),
  // Wire framing and a stray NUL are control characters to remove, not binary files.
  "xml-forbidden-char--iptc-framing.txt": { ...warn(1, 1), also: RAW_DATED },
  "xml-forbidden-char--nul.md": warn(9, 28),
  // HTML the sanitizer removes from a body: the story is published without it, warned where it was.
  "unsafe-html-removed--script.md": warn(11, 1),
  "unsafe-html-removed--event-handler.md": warn(11, 1),
  "unsafe-html-removed--javascript-link.md": warn(9, 30),
  "unsafe-html-removed--reference-link.md": warn(9, 30),
  "unsafe-html-removed--iframe.md": warn(11, 1),
  "unsafe-html-removed--encoded.md": warn(9, 30),
  "unsafe-html-removed--embedded-post.md": warn(11, 1),
  // Agency formats (ninjs, NewsML-G2): malformed, DTDs and entities, __proto__, not a text item,
  // no rights. A DOCTYPE is refused where it starts; nothing it names is read.
  "json-syntax.json": err(4, 3),
  "json-prototype-key.json": warn(4, 3),
  "ninjs-not-object.json": err(1, 1),
  "ninjs-not-text.json": err(3, 3),
  "missing-copyright--ninjs.json": err(1, 1),
  "xml-syntax.xml": err(6),
  "xml-doctype.xml": err(2, 1),
  "xml-doctype--parameter-entity.xml": err(2, 1),
  "xml-doctype--external-dtd.xml": err(2, 1),
  "xml-doctype--billion-laughs.xml": err(2, 1),
  "xml-entity.xml": err(5),
  "g2-no-news-item.xml": err(2, 1),
  "g2-not-text.xml": err(4, 13),
  "missing-copyright--g2.xml": err(1, 1),
  // A message of two text items, the second without rights: refused at its line, the first published.
  "missing-copyright--g2-item.xml": { ...err(9, 1, ["missing-attribution"]), published: true },
  "json-too-deep.json": err(21, 43),
  "xml-too-deep.xml": err(6, 406),
  // Published, with a warning: a notice made from the holder, ninjs 1.x and 2.x keys mixed, a
  // correction signal without its note.
  "copyright-from-holder.json": warn(6, 3),
  "ninjs-mixed-versions.json": warn(3, 3),
  "correction-without-note.xml": warn(4, 130),
};

/** Made at run time by {@link addRuntimeCases}. */
const RUNTIME: Record<string, Omit<Expected, "rule">> = {
  "binary-file.md": err(3, 8),
  "binary-file--png.md": err(2, 1),
  "unsupported-encoding.md": err(1, 1),
  "file-too-large.md": err(1, 1),
  // 3 GiB, sparse: refused from its size alone (reading it would fail differently, or never end).
  "file-too-large--sparse.md": err(1, 1),
  "front-matter-too-large.md": err(2),
  "front-matter-too-deep--10000.md": err(7),
  "too-many-categories--10000.md": err(7, 1),
  // Warnings, but nothing to publish: the link is not followed.
  "symlink-outside.md": { ...warn(1, 1), published: false },
  "symlink-broken.md": { ...warn(1, 1), published: false },
  // An external entity naming a file outside the stories folder: refused, never read.
  "xml-doctype--outside-file.xml": err(2, 1),
};

/** A story file's name without its ending. */
const STORY_ENDING = /\.(md|txt|json|xml)$/;
const ruleOf = (name: string) => name.replace(STORY_ENDING, "").split("--")[0]!;
const EXPECTED: Record<string, Expected> = Object.fromEntries(
  Object.entries({ ...COMMITTED, ...RUNTIME }).map(([name, e]) => [name, { ...e, rule: ruleOf(name) }]),
);

/**
 * Good stories beside the corpus: two ordinary ones, the awkward ones, one in a folder named like
 * a story, and two of 1 MB written on one line (made at run time).
 */
const GOOD = [
  "good/plain-1.md", "good/plain-2.txt", "folder.md/inside.md", "good/one-line-1mb.md", "good/one-line-1mb-raw.txt",
  ...readdirSync(EDGE).sort().map((f) => `good/${f}`),
];

const OUTSIDE_SECRET = "OUTSIDE-THE-STORIES-FOLDER-SECRET";

function addRuntimeCases(stories: string, outside: string): void {
  const story = storyText();
  const put = (name: string, content: string | Uint8Array) => writeFileSync(join(stories, name), content);
  // A NUL on line 3, column 8.
  put("binary-file.md", Buffer.concat([Buffer.from("---\ntitle: x\npublish"), Buffer.from([0, 1, 2, 0xff]), Buffer.from("\n---\n")]));
  put("binary-file--png.md", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  put("unsupported-encoding.md", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...story].map((c) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(c.codePointAt(0)!);
    return b;
  })]));
  put("file-too-large.md", Buffer.concat([Buffer.from(story), Buffer.alloc(config.maxBytes + 1 - Buffer.byteLength(story), "a")]));
  put("file-too-large--sparse.md", "");
  truncateSync(join(stories, "file-too-large--sparse.md"), 3 * 1024 * MIB);
  put("front-matter-too-large.md", storyText({ summary: `"${"a".repeat(70_000)}"` }));
  put("front-matter-too-deep--10000.md", storyText({ categories: `${"[".repeat(10_000)}World${"]".repeat(10_000)}` }));
  put("too-many-categories--10000.md", storyText({ categories: `[${Array.from({ length: 10_000 }, (_, i) => i).join(", ")}]` }));
  writeFileSync(join(outside, "secret.md"), storyText({ title: `"${OUTSIDE_SECRET}"` }, `${OUTSIDE_SECRET}\n`));
  symlinkSync(join(outside, "secret.md"), join(stories, "symlink-outside.md"));
  put("xml-doctype--outside-file.xml", readFileSync(join(INVALID, "xml-doctype.xml"), "utf8")
    .replace("file:///etc/passwd", `file://${join(outside, "secret.md")}`).replace(":xml-doctype\"", ":xml-doctype--outside-file\""));
  symlinkSync(join(outside, "does-not-exist.md"), join(stories, "symlink-broken.md"));
  // Not followed or walked: a link to a folder outside, and a FIFO (whose open would block).
  symlinkSync(outside, join(stories, "outside-folder"));
  spawnSync("mkfifo", [join(stories, "fifo.md")]);
  // A directory named like a story is a folder like any other.
  mkdirSync(join(stories, "folder.md"));
  writeFileSync(join(stories, "folder.md/inside.md"), storyText({ title: '"Inside a folder named like a story"' }));
}

/** Every file below `dir`, as paths relative to it. */
const filesBelow = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

describe("the bad-input corpus", () => {
  const root = makeTree({ "outside/.keep": "" });
  const stories = join(root, "stories");
  const out = join(root, "out");
  let result: BuildResult;
  const byFile = new Map<string, Diagnostic[]>();
  let feed: { items: { id: string; title: string; content_html: string; date_published: string; tags: string[]; _wire: Record<string, unknown> }[] };
  const item = (file: string) => {
    const id = file.slice(file.lastIndexOf("/") + 1).replace(STORY_ENDING, "");
    const found = feed.items.find((i) => i.id.endsWith(`/stories/${id}`));
    if (!found) throw new Error(`${file} was not published`);
    return found;
  };

  beforeAll(async () => {
    for (const f of readdirSync("/tmp")) if (f.startsWith("wirefeed-pwned-")) rmSync(join("/tmp", f));
    cpSync(INVALID, stories, { recursive: true });
    cpSync(EDGE, join(stories, "good"), { recursive: true });
    writeFileSync(join(stories, "good/plain-1.md"), storyText({ title: '"Plain story one"' }));
    writeFileSync(join(stories, "good/plain-2.txt"), "Plain story two\n\n(GENEVA) — Talks resumed on Friday.\n\nCopyright © 2026 Northwind Wire. All rights reserved.\n");
    addRuntimeCases(stories, join(root, "outside"));
    // A valid 1 MB story on one line, Markdown and raw: no line is too long to read.
    writeFileSync(join(stories, "good/one-line-1mb.md"), storyText({ title: '"One line of a megabyte"' }, `GENEVA — ${"Delegates said the talks went on. ".repeat(MIB / 34)}\n`));
    writeFileSync(join(stories, "good/one-line-1mb-raw.txt"), `Talks go on, in one line\n\n(GENEVA) — ${"Delegates said the talks went on. ".repeat(MIB / 34)}\n\nCopyright © 2026 Northwind Wire.\n`);
    result = await build({ config, stories, out, now: new Date(NOW) });
    for (const d of result.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    feed = JSON.parse(readFileSync(join(out, "feed.json"), "utf8"));
  }, 120_000);
  // The tree holds a 3 GiB (sparse) file and a FIFO: never leave it behind.
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("has at least 40 committed fixtures, each with an expectation and named after its rule", () => {
    const files = readdirSync(INVALID).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter((f) => !(f in COMMITTED))).toEqual([]);
    expect(Object.keys(COMMITTED).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))("%s gives its diagnostic", (file, want) => {
    const found = byFile.get(file) ?? [];
    const match = found.find((d) => d.rule === want.rule);
    expect(match, `${file}: ${found.map(formatText).join("\n")}`).toBeDefined();
    expect(match).toMatchObject({
      severity: want.severity,
      ...(want.line === undefined ? {} : { line: want.line }),
      ...(want.column === undefined ? {} : { column: want.column }),
    });
    const allowed = new Set([want.rule, ...(want.also ?? [])]);
    expect(found.filter((d) => !allowed.has(d.rule)).map(formatText)).toEqual([]);
    // An error costs the story; a warning keeps it.
    const published = feed.items.some((i) => i.id.endsWith(`/stories/${file.replace(STORY_ENDING, "")}`));
    expect(published).toBe(want.published ?? (want.severity === "warning" && !found.some((d) => d.severity === "error")));
  });

  it("formats every diagnostic as file:line:col  severity  message  [rule], without a stack trace", () => {
    expect(result.diagnostics.length).toBeGreaterThan(Object.keys(EXPECTED).length);
    for (const d of result.diagnostics) {
      const line = formatText(d);
      expect(line).toMatch(/^[^\n]+:\d+:\d+ {2}(error|warning) {2}[^\n]+ {2}\[[a-z0-9-]+\]$/);
      expect(d.message).not.toMatch(/\n|\bat .+:\d+:\d+|Error:/);
    }
  });

  it("publishes every good story, and nothing else", () => {
    for (const file of GOOD) expect(byFile.get(file)?.filter((d) => d.severity === "error") ?? [], file).toEqual([]);
    const warned = Object.entries(EXPECTED).filter(([, e]) => e.published ?? e.severity === "warning").map(([f]) => f);
    const expected = [...GOOD, ...warned].map((f) => f.slice(f.lastIndexOf("/") + 1).replace(STORY_ENDING, "")).sort();
    expect(feed.items.map((i) => i.id.slice(i.id.lastIndexOf("/") + 1)).sort()).toEqual(expected);
    expect(result.published).toBe(expected.length);
    expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("writes outputs that pass the independent validators", () => {
    const { rss, atom } = expectValidFeeds(out);
    expect(rss.entries.length).toBe(feed.items.length);
    expect(atom.entries.length).toBe(feed.items.length);
  });

  it("lets no active content into any output, as a real HTML parser reads each", () => {
    expect(activeInOutputs(out)).toEqual([]);
    // The judge is not blind: it sees what the sanitizer removed, had it been left in.
    expect(activeContent(readFileSync(join(INVALID, "unsafe-html-removed--embedded-post.md"), "utf8"))).toContain("<script>");
  });

  it("publishes hostile stories neutralized: words kept, markup shown as text or removed", () => {
    const post = item("unsafe-html-removed--embedded-post.md").content_html;
    expect(post).toContain("<blockquote><p lang=\"en\" dir=\"ltr\">Talks are back on in Geneva this morning. <a href=\"https://t.co/abc123\" rel=\"nofollow noopener\">pic.twitter.com/abc123</a></p>");
    expect(post).toContain("Jane Envoy (@janeenvoy)");
    expect(post).toContain("Mediators said the next round would follow within a week.");
    expect(post).not.toContain("script");
    expect(byFile.get("unsafe-html-removed--embedded-post.md")!.map((d) => `${d.line}:${d.column} ${d.message.slice(0, 30)}`)).toEqual([
      "11:1 removed class=\"twitter-tweet\" ", "12:1 removed <script async src=\"htt",
    ]);
    // The body as sanitized, before the credit line rendering adds.
    expect(item("unsafe-html-removed--script.md").content_html).toMatch(/^<p>GENEVA — Delegates returned\.<\/p>\n\n(?!.*script)/s);
    expect(item("unsafe-html-removed--javascript-link.md").content_html).toMatch(/^<p>GENEVA — Delegates returned\. <a>Read more<\/a>\.<\/p>\n/);
    const code = item("good/code-quotes-script.md");
    expect(code.title).toBe("Hackers abuse javascript: links and <script> tags, researchers say");
    expect(code.tags).toEqual(["Technology", "<script>"]);
    expect(code.content_html).toContain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    expect(code.content_html).toContain("<pre><code class=\"language-html\">&lt;img src=x onerror=\"alert(document.cookie)\"&gt;");
    const fields = item("good/script-url-in-fields.md");
    // Text, so typography applies: straight quotes are curled, as in any headline.
    expect(fields.title).toBe("ABC<div style=“x:expression(javascript:alert(1)”>DEF");
    expect(fields._wire).toMatchObject({ dateline: "GENEVA <iframe src=javascript:alert(1)>", usage_terms: "<style>body{display:none}</style> No resale." });
    expect(String(fields._wire.credit)).toMatch(/^.><script>alert\(1\)<\/script>$/);
    expect(fields.tags).toEqual(["<b onmouseover=alert(1)>World</b>", "javascript:alert(1)"]);
    expect(item("good/markup-in-title.md").title).toBe("Talks resume <img src=x onerror=alert(1)>");
    expect(item("good/markup-in-raw-text.txt").content_html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(item("good/escaped-script.md").content_html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(item("good/markup-in-link-field.md")).toMatchObject({ url: "https://news.example.com/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E" });
  });

  it("reads wire framing and a stray NUL as text, removing them", () => {
    const framed = item("xml-forbidden-char--iptc-framing.txt");
    expect(framed.title).toBe("Talks resume in Geneva after a week of silence");
    expect(framed._wire).toMatchObject({ copyright: "Copyright © 2026 Northwind Wire. All rights reserved.", credit: "Northwind Wire" });
    expect(item("xml-forbidden-char--nul.md").content_html).toMatch(/^<p>GENEVA — Delegates returned to the table on Friday, mediators said\.<\/p>\n/);
    expect(byFile.get("xml-forbidden-char--iptc-framing.txt")!.filter((d) => d.rule === "xml-forbidden-char")).toHaveLength(1);
  });

  it("publishes a 1 MB story written on one line", () => {
    for (const file of ["good/one-line-1mb.md", "good/one-line-1mb-raw.txt"]) {
      expect(byFile.get(file)?.filter((d) => !RAW_DATED.includes(d.rule)) ?? [], file).toEqual([]);
      expect(item(file).content_html.length, file).toBeGreaterThan(MIB * 0.9);
    }
  });

  it("never runs front matter written as code, and YAML cannot pollute prototypes", () => {
    expect(readdirSync("/tmp").filter((f) => f.startsWith("wirefeed-pwned-"))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("follows no link out of the stories folder", () => {
    for (const name of filesBelow(out)) expect(readFileSync(name, "utf8")).not.toContain(OUTSIDE_SECRET);
    expect(result.diagnostics.filter((d) => d.file.startsWith("outside-folder") || d.file === "fifo.md")).toEqual([]);
  });

  it("reads other encodings and line endings without mojibake", () => {
    expect(item("not-utf8.md").title).toBe("“Café” talks resume — in Genève");
    expect(item("not-utf8--mixed.md").title).toBe("Café talks resume in Genève");
    expect(item("not-utf8--mixed.md").content_html).toContain("said “we are hopeful”");
    for (const [file, title] of [
      ["good/bom-utf8.md", "Café talks: UTF-8 with a byte-order mark"],
      ["good/bom-utf16le.md", "Café talks: UTF-16 little-endian"],
      ["good/bom-utf16be.md", "Café talks: UTF-16 big-endian"],
      ["good/crlf.md", "Café talks: CRLF line endings"],
      ["good/cr-only.md", "Café talks: old Mac line endings"],
      ["good/crlf-raw.txt", "Café talks: raw wire text with CRLF"],
    ] as const) {
      const i = item(file);
      expect(i.title, file).toBe(title);
      expect(i.content_html, file).toContain(file.endsWith(".txt") ? "<p>Delegates returned to the table on Friday.</p>" : "<p>The café by the lake was full.</p>");
      expect(JSON.stringify(i), file).not.toMatch(/\\r|\\ufeff|Ã|Â|\uFFFD/i);
    }
    expect(item("good/crlf-raw.txt")._wire).toMatchObject({ dateline: "GENEVA", copyright: "Copyright © 2026 Northwind Wire. All rights reserved." });
    expect(item("good/unicode.md").title).toBe("Zürich, Łódź, 東京, القاهرة — and 🐟");
    expect(item("good/unicode.md")._wire.byline).toEqual(["Zoë Ångström", "José Martínez".normalize("NFC")]);
  });

  it("reads a time without a UTC offset in the configured zone, without complaint", () => {
    expect(byFile.get("good/date-without-zone.md")).toBeUndefined();
    expect(item("good/date-without-zone.md").date_published).toBe("2026-11-20T08:15:00.000Z");
  });

  it("removes characters XML forbids, and keeps the story", () => {
    expect(item("xml-forbidden-char.md").content_html).toContain("Delegates returned to the table on Friday.");
    expect(item("xml-forbidden-char--front-matter.md").title).toBe("Talks resume in Geneva, with a bell");
    expect(item("xml-forbidden-char--yaml-escape.md").title).toBe("Talks resume in Geneva, escaped");
    expect(item("xml-forbidden-char--lone-surrogate.md").title).toBe("Talks resume in Geneva, halved");
  });

  it("carries ]]> and markup characters through every format intact", () => {
    const { rss, atom } = expectValidFeeds(out);
    const title = "Brackets ]]> and ]]]]> in a title";
    expect(item("good/cdata-end.md").title).toBe(title);
    expect(rss.entries.find((e) => e.title?.startsWith("Brackets"))?.title).toBe(title);
    expect(atom.entries.find((e) => e.title?.startsWith("Brackets"))?.title).toBe(title);
    expect(item("good/cdata-end.md").tags).toEqual(["R]]>D", "A&B <c>"]);
    expect(item("good/cdata-end.md").content_html).toContain("printed ]]&gt; and then ]]&gt; again");
    expect(item("good/inline-html.md").content_html).toContain("on <b>Friday</b>");
    expect(byFile.get("good/markdown-code.md")).toBeUndefined();
  });

  it("fails the CLI with exit 1, diagnostics on stderr and no stack trace", () => {
    const r = spawnSync(process.execPath, [CLI, "build", "--stories", stories, "--out", join(root, "cli-out"), "--now", NOW], {
      cwd: root, encoding: "utf8", timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^yaml-syntax\.md:2:20 {2}error {2}YAML syntax: .* {2}\[yaml-syntax\]$/m);
    expect(r.stderr).toMatch(/^unsafe-html-removed--script\.md:11:1 {2}warning {2}removed <script> and its content.* {2}\[unsafe-html-removed\]$/m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    expect(existsSync(join(root, "cli-out/feed.json"))).toBe(true);
  }, 60_000);
});

describe("readStory on files that are not there or not files", () => {
  const root = makeTree({ "a.md": storyText() });

  it("reports a file that vanished between listing and reading", async () => {
    rmSync(join(root, "a.md"));
    const r = await readStory({ file: "a.md", path: join(root, "a.md") }, config.maxBytes);
    expect(r.bytes).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ file: "a.md", line: 1, column: 1, severity: "error", rule: "file-vanished" }]);
  });

  it("refuses a directory and a FIFO without blocking", async () => {
    mkdirSync(join(root, "dir.md"));
    expect((await readStory({ file: "dir.md", path: join(root, "dir.md") }, config.maxBytes)).diagnostics)
      .toMatchObject([{ rule: "not-a-file", severity: "error" }]);
    spawnSync("mkfifo", [join(root, "pipe.md")]);
    expect((await readStory({ file: "pipe.md", path: join(root, "pipe.md") }, config.maxBytes)).diagnostics)
      .toMatchObject([{ rule: "not-a-file", severity: "error" }]);
  }, 10_000);
});
