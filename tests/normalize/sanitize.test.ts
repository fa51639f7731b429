/**
 * sanitizeBodyHtml, the one sanitizer every input format's HTML body goes through, on its own:
 * what it keeps, what it removes, and where it says each removal was.
 */
import { describe, expect, it } from "vitest";
import { removalFindings, sanitizeBodyHtml } from "../../src/normalize/sanitize.js";
import { activeContent } from "../support/active.js";

const SITE = "https://wire.example.org/";

describe("sanitizeBodyHtml", () => {
  it("keeps an embedded post's words and links, not its widget script", () => {
    const html = '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Talks are back on. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; Jane (@jane) <a href="https://twitter.com/jane/status/1">November 20, 2026</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>';
    const r = sanitizeBodyHtml(html, SITE);
    expect(r.html).toBe('<blockquote><p lang="en" dir="ltr">Talks are back on. <a href="https://t.co/abc" rel="nofollow noopener">pic.twitter.com/abc</a></p>— Jane (@jane) <a href="https://twitter.com/jane/status/1" rel="nofollow noopener">November 20, 2026</a></blockquote>\n');
    expect(r.removed).toEqual([
      { offset: 0, what: 'class="twitter-tweet" from <blockquote>' },
      { offset: html.indexOf("<script"), what: '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"> and its content' },
    ]);
  });

  it("gives each removal's offset in its input: tags, attributes, comments, doctypes", () => {
    const html = '<!DOCTYPE html><p onclick="go()">Hi <span>there</span></p><!-- note --><img src="http://x/a.png"><iframe src="https://e.x/"></iframe>';
    const r = sanitizeBodyHtml(html, SITE);
    expect(r.html).toBe("<p>Hi there</p>");
    expect(r.removed.map((x) => [html.slice(x.offset, x.offset + 5), x.what])).toEqual([
      ["<!DOC", "<!DOCTYPE html>"],
      ["<p on", 'onclick="go()" from <p>'],
      ["<span", "<span> (its text is kept)"],
      ["<!-- ", "an HTML comment"],
      ["<img ", 'src="http://x/a.png" from <img>'],
      ["<ifra", '<iframe src="https://e.x/"> (its text is kept)'],
    ]);
  });

  it("removes nothing from what news copy uses, and marks only links off the site", () => {
    const html = '<h2>Head</h2><p><a href="https://wire.example.org/s/1">ours</a> <a href="/s/2">ours too</a> <a href="mailto:desk@wire.example.org">mail</a></p><figure><img src="https://img.example/a.jpg" alt="A" /><figcaption>Cap</figcaption></figure><pre><code class="language-js">x</code></pre><table><tr><td style="text-align:right">1</td></tr></table>';
    expect(sanitizeBodyHtml(html, SITE)).toEqual({ html, removed: [] });
  });

  it("leaves nothing active, as parse5 reads it, from hostile shapes", () => {
    const hostile = [
      '<a href="jav&#x09;ascript:alert(1)">x</a>', "<svg><script>alert(1)</script></svg>", "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>",
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<scr<script>ipt>alert(1)</script>", "</textarea><script>alert(1)</script>", '<form><button formaction="javascript:alert(1)">x</button></form>',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<img src=x onerror=alert(1)//",
      '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<p style="background:url(javascript:alert(1))">x</p>', "<details open ontoggle=alert(1)>",
    ];
    for (const html of hostile) {
      const r = sanitizeBodyHtml(html, SITE);
      expect(activeContent(r.html), `${html} -> ${r.html}`).toEqual([]);
      expect(r.removed.length, html).toBeGreaterThan(0);
    }
  });
});

describe("removalFindings", () => {
  it("places each removal where the caller's map says, and counts past twenty in one", () => {
    const { removed } = sanitizeBodyHtml("<span>x</span>".repeat(25));
    const findings = removalFindings(removed, (offset) => ({ line: 7, column: offset + 1 }));
    expect(findings).toHaveLength(21);
    expect(findings.slice(0, 2)).toMatchObject([
      { rule: "unsafe-html-removed", severity: "warning", line: 7, column: 1 },
      { rule: "unsafe-html-removed", severity: "warning", line: 7, column: 15 },
    ]);
    expect(findings[20]!.message).toBe("removed 5 more pieces of HTML not allowed in a story");
  });
});
