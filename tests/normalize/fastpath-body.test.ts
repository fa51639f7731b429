/**
 * The Markdown fast path (`plainParagraphsHtml`) against markdown-it itself: whenever the fast
 * path accepts a body, its HTML must be markdown-it's to the byte; and it must accept plain prose,
 * so these tests cannot pass by refusing everything.
 *
 *  1. Property tests: plain prose; free mixtures of words and what markdown-it acts on (every
 *     block and inline marker, typographer triggers, quotes, entities, tabs, CR, NUL, odd spaces
 *     and line breaks); prose with such snippets put in at random places; and bodies built line
 *     by line from prose, blank and block-syntax lines.
 *  2. Every Markdown body of the bench corpus (bench/.corpus/1000, made by `npm run bench`) and
 *     of the repository's stories and fixtures, cut and cleaned as renderBody does.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainParagraphsHtml, renderMarkdown, renderWithMarkdownIt } from "../../src/normalize/body.js";
import { cleanText } from "../../src/normalize/text.js";
import { bodyOf } from "../../src/ingest/parse.js";

/** Multiplies every numRuns, as in tests/build/property.test.ts: `PROPERTY_RUNS=20` for a long hunt. */
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Words of plain prose, with what stories hold: accents, curly quotes, dashes, NBSP, digits, & and '. */
const WORDS = [
  "the", "council", "said", "Officials", "warned", "MOSCOW", "—", "–", "“Talks", "resume,”", "‘soon’",
  "café", "Zürich", "naïve", "東京", "😀", "12\u00a0km", "50%", "$4", "cease-fire", "e-mail", "don't",
  "it's", "O'Brien", "rock'n'roll", "Fish", "&", "chips", "x>y", "a+b", "10:30", "(AP)", "Why?", "No!",
  "yes;", "¿qué?", "ſ", "K", "soft\u00adhyphen", "1990s",
];

/** Words plain prose may hold that the fast path refuses, or that sit at its edges. */
const ODD_WORDS = ["3.5", "2024.", "1)", "#1", "@desk", "5=5", "a&b", "(c", "c)", "wait...", "\u2003", "\ufeff", "\u2028", "\ud800", "\udc00", ":-)"];

/** Everything markdown-it might act on, alone and in the combinations its rules look for. */
const SPECIAL = [
  ..."\\`~*_[]<>|\"'&#+-=:.,!?()!\t\r\u0000\u000b\u000c \n\u00a0\u2028\u2029\u3000\u2002",
  "\n\n", "  \n", " \n", "\\\n", "\t\n", "\n ", "\n    ", "\n\t", "\n\n\n", "\r\n",
  "(c)", "(C)", "(r)", "(TM)", "(tm)", "+-", "...", "..", "?....", "!!!!", "????", ",,", "--", "---",
  "&amp;", "&#38;", "&#x26;", "&copy;", "&nbsp;", "&bogus;", "& ", "&\n",
  "'", "\"", " 'a' ", " \"a\" ", "a'", "'a", "1'", "'1", "\"\"", "’'", "'’",
  "\n# ", "\n## h", "\n#", "\n> ", "\n>", "\n- ", "\n-", "\n+ ", "\n* ", "\n1. ", "\n1) ", "\n2.", "\n10)",
  "\n===", "\n---", "\n- - -", "\n***", "\n___", "\n```", "\n~~~", "\n    code", "\n:-", "\n|a|b|\n|-|-|",
  "[a]: /u", "[x](https://e.x)", "![i](/i.png)", "<https://e.x>", "<a@b.c>", "<b>", "`c`", "~~s~~", "*e*", "_e_", "**b**",
];

const word = fc.constantFrom(...WORDS);
const special = fc.oneof(fc.constantFrom(...SPECIAL), fc.constantFrom(...ODD_WORDS));

/** A line of prose: words joined by single spaces. */
const line = fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(" "));
/** A paragraph: lines joined by single line breaks. */
const paragraph = fc.array(line, { minLength: 1, maxLength: 4 }).map((l) => l.join("\n"));
/** Plain prose: paragraphs between blank lines, maybe with blank lines before and after. */
const prose = fc
  .tuple(fc.array(paragraph, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n\n", "\n\n\n"), fc.constantFrom("", "\n", "\n\n"), fc.constantFrom("", "\n", "\n\n"))
  .map(([ps, gap, before, after]) => before + ps.join(gap) + after);
/** Free mixtures of words and special characters. */
const rich = fc.array(fc.oneof({ arbitrary: word, weight: 3 }, { arbitrary: fc.constant(" "), weight: 3 }, { arbitrary: fc.constant("\n"), weight: 1 }, { arbitrary: special, weight: 1 }), { maxLength: 60 }).map((parts) => parts.join(""));
/** Plain prose with a few special snippets put in at random places: the edges of the fast path. */
const edged = fc.tuple(prose, fc.array(fc.tuple(special, fc.nat()), { minLength: 1, maxLength: 3 })).map(([text, inserts]) =>
  inserts.reduce((s, [snippet, at]) => s.slice(0, at % (s.length + 1)) + snippet + s.slice(at % (s.length + 1)), text),
);

/** Lines that open or shape a block: headings, quotes, lists, rules, underlines, tables, fences, code, references. */
const BLOCK_LINES = [
  "# Heading", "###### h", "#", "> quoted", ">", "- item", "-", "+ item", "* item", "1. item", "1) item", "7. item", "2024. The year",
  "===", "=", "---", "- - -", "***", "___", "|a|b|", "a | b", "|-|-|", "-|-", ":-", ":-:|--", "```", "```js", "~~~", "    code",
  "\tcode", "[a]: /u", "[a]", "<div>", "<!-- c -->", "a  ", "a ", " a", "a\\", "\u00a0a", "a\u00a0", "\u3000",
];

/** Bodies built line by line: prose lines, blank lines, block lines and mixed lines, so block rules get their chance. */
const lines = fc
  .array(fc.oneof({ arbitrary: line, weight: 4 }, { arbitrary: fc.constant(""), weight: 2 }, { arbitrary: fc.constantFrom(...BLOCK_LINES), weight: 2 }, { arbitrary: rich, weight: 1 }), { maxLength: 12 })
  .map((l) => l.join("\n"));

/**
 * Checks a body: when the fast path accepts it, its HTML is markdown-it's. Returns whether it
 * was accepted, for the tests to count.
 */
function check(body: string): boolean {
  const fast = plainParagraphsHtml(body);
  if (fast === undefined) return false;
  expect(fast, JSON.stringify(body)).toBe(renderWithMarkdownIt(body));
  return true;
}

/** Runs `check` over an arbitrary and returns the share of bodies the fast path accepted. */
function acceptedShare(arb: fc.Arbitrary<string>, numRuns: number): number {
  let seen = 0, accepted = 0;
  fc.assert(
    fc.property(arb, (body) => {
      seen++;
      if (check(body)) accepted++;
    }),
    { numRuns },
  );
  return accepted / seen;
}

describe("plainParagraphsHtml, the Markdown fast path", () => {
  it("renders plain prose exactly as markdown-it does, and takes nearly all of it", () => {
    expect(acceptedShare(prose, runs(3000))).toBeGreaterThan(0.95);
  });

  it("renders what it accepts of bodies rich in Markdown syntax exactly as markdown-it does", () => {
    expect(acceptedShare(rich, runs(5000))).toBeGreaterThan(0.15);
  });

  it("renders what it accepts of prose with special snippets put in exactly as markdown-it does", () => {
    expect(acceptedShare(edged, runs(5000))).toBeGreaterThan(0.15);
  });

  it("renders what it accepts of line-built bodies with block syntax exactly as markdown-it does", () => {
    expect(acceptedShare(lines, runs(5000))).toBeGreaterThan(0.15);
  });

  it("takes prose with apostrophes, NBSP, > and & between spaces, and gives markdown-it's HTML", () => {
    const body = "Fish & chips, don't panic:\u00a0x > y.\nO'Brien's #1 pick — “yes”, the students' union said.\n\n\nSecond\u00a0para.\n";
    expect(check(body)).toBe(true);
    expect(plainParagraphsHtml(body)).toBe("<p>Fish &amp; chips, don’t panic:\u00a0x &gt; y.\nO’Brien’s #1 pick — “yes”, the students’ union said.</p>\n<p>Second\u00a0para.</p>\n");
    expect(plainParagraphsHtml("")).toBe("");
    expect(plainParagraphsHtml("\n\n")).toBe("");
  });

  it("refuses every Markdown construct it does not render itself", () => {
    const refused = [
      "a  \nb", "a\\\nb", "a \nb", " a", "    code", "\tcode", "a\r\nb", "a\u0000b", "# h", "a\n# h", "> q", "- i", "+ i", "* i",
      "1. i", "1) i", "a\n===", "a\n---", "***", "___", "```\nx\n```", "~~~", "a|b\n-|-", "[r]: /u", "[x](/u)", "![i](/i)",
      "<https://e.x>", "`c`", "~~s~~", "*e*", "_e_", "&amp;", "&copy;", "AT&T", "\"q\"", "'q'", "'90s", "a 'q", "café's", "(c)", "(TM)",
      "a...", "a..", "a--b", "+-1", "why????", "no!!!!", "a,,b", "a\u00a0\nb", "a\n\u00a0b",
    ];
    for (const body of refused) expect(plainParagraphsHtml(body), JSON.stringify(body)).toBeUndefined();
  });
});

/** The benchmark's deterministic corpus generator. */
const MAKE_CORPUS = fileURLToPath(new URL("../../bench/make-corpus.mjs", import.meta.url));

/** The Markdown bodies of every .md story under `dir`, cut and cleaned as renderBody does. */
function markdownBodies(dir: string): { file: string; body: string }[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"));
  return files.map((f) => ({ file: f, body: cleanText(bodyOf(readFileSync(join(dir, f), "utf8"), "markdown"), 0, false).text }));
}

/** Renders every body both ways and returns the share that took the fast path. */
function fastShare(bodies: { file: string; body: string }[]): number {
  let fast = 0;
  for (const { file, body } of bodies) {
    expect(renderMarkdown(body), file).toBe(renderWithMarkdownIt(body));
    if (plainParagraphsHtml(body) !== undefined) fast++;
  }
  return fast / bodies.length;
}

describe("renderMarkdown on real stories", () => {
  it("renders every body of a 1,000-story bench corpus as markdown-it does, most by the fast path", () => {
    const root = mkdtempSync(join(tmpdir(), "wirefeed-corpus-"));
    const corpus = join(root, "stories");
    execFileSync(process.execPath, [MAKE_CORPUS, "1000", corpus, "--raw-every", "10"]);
    const bodies = markdownBodies(corpus);
    rmSync(root, { recursive: true, force: true });
    expect(bodies.length).toBeGreaterThanOrEqual(900);
    expect(fastShare(bodies)).toBeGreaterThan(0.9);
  });

  it("renders every story and fixture body of the repository as markdown-it does", () => {
    const bodies = [...markdownBodies("stories"), ...markdownBodies("tests/fixtures")];
    expect(bodies.length).toBeGreaterThan(10);
    fastShare(bodies);
  });
});
