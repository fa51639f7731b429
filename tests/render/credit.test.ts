/**
 * The credit line (#22): its template's fields and optional parts, its config option (on by
 * default, a template of one's own, or off), and its escaping, judged on rendered feeds.
 */
import { describe, expect, test } from "vitest";
import { validateConfig } from "../../src/config/config.js";
import { mainFeed } from "../../src/plan/plan.js";
import { DEFAULT_CREDIT_LINE, creditLine, templateProblems, withCredit, withoutCredit } from "../../src/render/credit.js";
import { renderAll, type JsonFeed } from "../../src/render/index.js";
import { renderFeedHtml } from "../../src/render/page.js";
import type { Story } from "../../src/model/story.js";
import { SITE_URL, STORIES, fixtureDoc } from "../golden/fixture.js";
import { feedparser, writeTemp, xmllintAtom } from "../validators.js";
import { testConfig } from "../support/config.js";
import { rmSync } from "node:fs";

const fish = STORIES[0]!; // byline of two, usage terms, dateline
const markets = STORIES[1]!; // no usage terms, no dateline

describe("the template", () => {
  test("the default names byline, credit and copyright, and usage terms only where there are any", () => {
    expect(creditLine(DEFAULT_CREDIT_LINE, fish)).toBe(
      "By Ana Souza, Tomás Ferreira · Example Wire · © 2026 Example Wire. All rights reserved. · Not for use in Brazil before 12:00 GMT.");
    expect(creditLine(DEFAULT_CREDIT_LINE, markets)).toBe("By Example Wire · Example Wire · © 2026 Example Wire");
  });

  test("every field can be named, and a part in [ ] goes when a field it names is empty", () => {
    const t = "{credit}/{byline}[ ({dateline})][, {usage_terms}] — {copyright}";
    expect(creditLine(t, fish)).toBe("Example Wire/Ana Souza, Tomás Ferreira (SÃO PAULO), Not for use in Brazil before 12:00 GMT. — © 2026 Example Wire. All rights reserved.");
    expect(creditLine(t, markets)).toBe("Example Wire/Example Wire — © 2026 Example Wire");
    // Blank counts as empty; text outside any [ ] is always written.
    expect(creditLine("Terms: {usage_terms}", { ...markets, usageTerms: "  " })).toBe("Terms: ");
  });

  test("a template with a fault is named by every fault, and config refuses it", () => {
    expect(templateProblems(DEFAULT_CREDIT_LINE)).toEqual([]);
    expect(templateProblems("By {author}")[0]).toMatch(/^unknown field \{author\}; use \{byline\}, \{credit\}/);
    expect(templateProblems("By {byline")).toEqual(['"{" at 4 has no "}"']);
    expect(templateProblems("a [b [c]]")).toEqual(['"[" at 6 inside a group; groups do not nest', '"]" at 9 closes no "["']);
    expect(templateProblems("[{credit}")).toEqual(['a "[" has no "]"']);
    expect(() => creditLine("{nope}", fish)).toThrow(/unknown field \{nope\}/);
    const bad = validateConfig({ creditLine: "By {author}" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/creditLine/);
    expect(validateConfig({ creditLine: 3 }).ok).toBe(false);
    expect(validateConfig({ creditLine: true }).ok).toBe(false);
  });

  test("the paragraph can be taken off again, and only when it is last", () => {
    const body = "<p>Body.</p>";
    const withLine = withCredit(body, '<p class="wire-credit">By A</p>');
    expect(withLine).toBe('<p>Body.</p>\n<p class="wire-credit">By A</p>');
    expect(withoutCredit(withLine)).toBe(body);
    expect(withoutCredit(body)).toBe(body);
    expect(withoutCredit(`${withLine}\n<p>More.</p>`)).toBe(`${withLine}\n<p>More.</p>`);
  });
});

describe("config creditLine", () => {
  const config = (extra: Record<string, unknown>) => testConfig({ siteUrl: SITE_URL, publisher: "Example Wire", ...extra });
  const now = new Date("2026-03-15T00:00:00Z");
  const contents = (extra: Record<string, unknown>) => {
    const out = renderAll(mainFeed(STORIES.map((s) => structuredClone(s)), config(extra), now), SITE_URL);
    return (JSON.parse(out["feed.json"]) as JsonFeed).items.map((i) => i.content_html);
  };

  test("is on by default, with the default template", () => {
    expect(config({}).creditLine).toBe(DEFAULT_CREDIT_LINE);
    expect(contents({})[1]).toBe('<p>Stocks rose on Friday.</p>\n<p class="wire-credit">By Example Wire · Example Wire · © 2026 Example Wire</p>');
  });

  test("takes a partner's own wording", () => {
    expect(contents({ creditLine: "{credit} / {byline}. {copyright}" })[2]).toBe(
      '<p>The historic line reopens after repairs.</p>\n<p class="wire-credit">Partner Agency / João Lima. © 2026 Partner Agency</p>');
  });

  test("false writes no credit line anywhere, so the bodies are the stories' own", () => {
    const off = renderAll(mainFeed(STORIES.map((s) => structuredClone(s)), config({ creditLine: false }), now), SITE_URL);
    for (const text of Object.values(off)) expect(text).not.toContain("wire-credit");
    expect((JSON.parse(off["feed.json"]) as JsonFeed).items[1]?.content_html).toBe("<p>Stocks rose on Friday.</p>");
  });
});

describe("escaping: a hostile byline is shown, never run", () => {
  const hostile: Story = {
    ...structuredClone(markets),
    byline: [`</p><script>alert("x")</script>`, `Eve & <b>Co</b>`],
    credit: `Wire ]]> <img src=x>`,
    copyright: `© "Q" & 'A' <2026>`,
  };
  const doc = { ...fixtureDoc(), items: [hostile] };
  const shown = `By </p><script>alert("x")</script>, Eve & <b>Co</b> · Wire ]]> <img src=x> · © "Q" & 'A' <2026>`;
  const escaped = `By &lt;/p&gt;&lt;script&gt;alert("x")&lt;/script&gt;, Eve &amp; &lt;b&gt;Co&lt;/b&gt; · Wire ]]&gt; &lt;img src=x&gt; · © "Q" &amp; 'A' &lt;2026&gt;`;
  const out = renderAll(doc, SITE_URL);

  test("every format carries the line as escaped text inside the one paragraph", () => {
    const json = JSON.parse(out["feed.json"]) as JsonFeed;
    expect(json.items[0]?.content_html).toBe(`<p>Stocks rose on Friday.</p>\n<p class="wire-credit">${escaped}</p>`);
    expect(creditLine(DEFAULT_CREDIT_LINE, hostile)).toBe(shown);
    // JSON strings are data (`_wire.byline` holds the name as given); the HTML in them is escaped.
    for (const name of ["rss.xml", "atom.xml"] as const) expect(out[name]).not.toMatch(/<script|<img/);
    expect(json.items[0]?.content_html).not.toMatch(/<script|<img/);
    const page = renderFeedHtml(doc, doc.urls);
    expect(page).toContain(`<p class="wire-credit">${escaped}</p>`);
    expect(page).not.toMatch(/<script|<img/);
  });

  test("feedparser reads the escaped line back as the text it is, and the Atom feed stays valid", () => {
    const { dir, paths } = writeTemp(out);
    try {
      expect(xmllintAtom(paths["atom.xml"]).ok).toBe(true);
      for (const name of ["rss.xml", "atom.xml"] as const) {
        const parsed = feedparser(paths[name]);
        expect(parsed.bozo, name).toBe(false);
        const content = parsed.entries[0]?.content[0] ?? "";
        // feedparser sanitizes HTML; had the byline been markup, the script would be gone, not shown.
        expect(content, name).toContain(`<p class="wire-credit">${escaped}</p>`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
