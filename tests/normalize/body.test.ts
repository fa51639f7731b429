import { describe, it, expect } from "vitest";
import { parseFragment, type DefaultTreeAdapterTypes } from "parse5";
import { paragraphsToHtml, renderMarkdown, renderMarkdownChecked } from "../../src/normalize/body.js";
import { firstParagraphText, htmlToPlainText } from "../../src/normalize/plain-text.js";
import { activeContent } from "../support/active.js";

/** Every href/src value of the output, as a real HTML parser reads it. */
function urls(html: string): string[] {
  const out: string[] = [];
  const walk = (n: DefaultTreeAdapterTypes.ParentNode) => {
    for (const c of n.childNodes) {
      if (!("tagName" in c)) continue;
      for (const a of c.attrs) if (a.name === "href" || a.name === "src") out.push(a.value);
      walk(c);
    }
  };
  walk(parseFragment(html));
  return out;
}

/** Nothing executable in the output, judged by parse5. */
function expectInert(html: string): void {
  expect(activeContent(html), html).toEqual([]);
}

describe("paragraphsToHtml", () => {
  it("wraps each paragraph in <p>, escaping &, < and >, joined with newlines", () => {
    expect(paragraphsToHtml(["Fish & chips", "<b>bold</b>"])).toBe("<p>Fish &amp; chips</p>\n<p>&lt;b&gt;bold&lt;/b&gt;</p>");
  });
});

describe("renderMarkdown", () => {
  it("renders Markdown with typographic quotes", () => {
    expect(renderMarkdown(`He said "go" and 'stay'.\n\n*Bold* [link](https://example.com/a)`)).toBe(
      "<p>He said “go” and ‘stay’.</p>\n<p><em>Bold</em> <a href=\"https://example.com/a\" rel=\"nofollow noopener\">link</a></p>\n",
    );
  });

  it("does not link bare URLs", () => {
    expect(renderMarkdown("see https://example.com")).toBe("<p>see https://example.com</p>\n");
  });

  it("sanitizes raw HTML: active elements and attributes go, the words stay", () => {
    const hostile: [string, string][] = [
      ["<script>alert(1)</script> after", "after"],
      ["<img src=x onerror=alert(1)> pic", "pic"],
      ["<iframe src=\"https://evil.example\"></iframe> framed", "framed"],
      ["<frame src=x> frame", "frame"],
      ["<object data=x></object><embed src=x> obj", "obj"],
      ["<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>", "x"],
      ["text <svg onload=alert(1)>", "text"],
      ["<style>p{color:red}</style><p style=\"color:red\">styled</p>", "styled"],
      ["<form action=x><input name=a><button>go</button></form>", "go"],
      ["<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>", "m"],
      ["<div><span>nested <b>bold</b></span></div>", "nested"],
    ];
    for (const [body, words] of hostile) {
      const { html, findings } = renderMarkdownChecked(body);
      expectInert(html);
      expect(html).toContain(words);
      expect(findings.length, body).toBeGreaterThan(0);
      for (const f of findings) expect(f).toMatchObject({ rule: "unsafe-html-removed", severity: "warning", line: 1 });
    }
  });

  it("keeps the HTML news copy uses, with rel on links off the site", () => {
    const copy = [
      "<p>One <em>two</em> <strong>three</strong> <b>b</b> <i>i</i> <sub>1</sub><sup>2</sup></p>",
      "<h2>Head</h2>", "<ul><li>a</li></ul>", "<ol start=\"3\"><li>b</li></ol>", "<blockquote><p>q</p></blockquote>",
      "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>",
      "<figure><img src=\"https://img.example/a.jpg\" alt=\"A\" /><figcaption>Cap</figcaption></figure>",
      "<pre><code>x &lt; y</code></pre>",
    ];
    for (const html of copy) expect(renderMarkdownChecked(html, 0, "https://wire.example.org/")).toEqual({ html: expect.stringContaining(html), findings: [] });
    const links = renderMarkdown("[a](https://other.example/x) [b](https://wire.example.org/s/1) [c](/s/2) [d](mailto:desk@wire.example.org)", "https://wire.example.org/");
    expect(links).toBe('<p><a href="https://other.example/x" rel="nofollow noopener">a</a> <a href="https://wire.example.org/s/1">b</a> <a href="/s/2">c</a> <a href="mailto:desk@wire.example.org">d</a></p>\n');
  });

  it("keeps images from https only", () => {
    expect(urls(renderMarkdown("![a](https://img.example/a.jpg) ![b](http://img.example/b.jpg) ![c](/c.jpg) ![d](data:image/png;base64,iVBORw0KGgo=)"))).toEqual(["https://img.example/a.jpg"]);
  });

  it("points each removal at its line and column in the body, counting lines before it", () => {
    const body = "First paragraph.\n\nSecond with <span onclick=\"x\">a span</span> and [a link](javascript:alert(1)).\n\n<div>\n  <img src=x\n    onerror=alert(1)>\n</div>\n\n  <script>x()</script>\n";
    const { findings } = renderMarkdownChecked(body, 10);
    expect(findings.map((f) => [f.line, f.column, f.message.slice(0, 24)])).toEqual([
      [13, 13, "removed <span onclick=\"x"],
      [13, 49, "removed href=\"javascript"],
      [15, 1, "removed <div> (its text "],
      [16, 3, "removed src=\"x\" onerror="],
      [20, 3, "removed <script> and its"],
    ]);
  });

  it("shows code quoting HTML as code, removing nothing", () => {
    const body = "They sent `<script>alert(1)</script>` to the site.\n\n```html\n<iframe src=x></iframe>\n```\n\n    <object>\n";
    const { html, findings } = renderMarkdownChecked(body);
    expect(findings).toEqual([]);
    expectInert(html);
    expect(html).toContain("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>");
    expect(html).toContain("&lt;iframe src=x&gt;&lt;/iframe&gt;");
  });

  it("counts removals past twenty in one last warning", () => {
    const { findings } = renderMarkdownChecked("<span>x</span>".repeat(50));
    expect(findings).toHaveLength(21);
    expect(findings[20]!.message).toContain("30 more");
  });

  it("does not link javascript:, vbscript:, file: or data: URLs, whatever their case or encoding", () => {
    const hostile = [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](&#x6A;avascript&#58;alert(1))",
      "[x](java&#9;script:alert(1))",
      "[x](%6Aavascript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x](vbscript:msgbox(1))",
      "[x](file:///etc/passwd)",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "[x](data:image/png;base64,iVBORw0KGgo=)",
      "![x](javascript:alert(1))",
      "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
      "<javascript:alert(1)>",
      "<JAVASCRIPT:alert(1)>",
      "[x][r]\n\n[r]: javascript:alert(1)",
      '<a href="jav&#x09;ascript:alert(1)">x</a>',
      '<a href=" javascript:alert(1)">x</a>',
    ];
    for (const body of hostile) {
      const html = renderMarkdown(body);
      expectInert(html);
      // What is left is a relative path at worst (%6A and a tab written as %09 are no scheme).
      for (const u of urls(html)) expect(new URL(u, "https://base.invalid/").origin, body).toBe("https://base.invalid");
    }
  });

  it("links relative, http(s), mailto and autolinked URLs", () => {
    expect(urls(renderMarkdown("[a](/p) [b](other.html) [c](http://x.org) [d](mailto:a@b.org) <https://e.org>"))).toEqual([
      "/p", "other.html", "http://x.org", "mailto:a@b.org", "https://e.org",
    ]);
  });
});

describe("htmlToPlainText", () => {
  it("strips tags, keeping words apart across blocks and together across inline tags", () => {
    expect(htmlToPlainText("<p>Fish <em>and</em>chips</p><p>Peas<br>too</p>")).toBe("Fish andchips Peas too");
  });

  it("decodes entities once", () => {
    expect(htmlToPlainText("&amp; &lt; &gt; &quot; &#39; &#8220;&#x201D; &amp;lt;")).toBe("& < > \" ' “” &lt;");
  });

  it("drops script and style content, comments and forbidden characters", () => {
    expect(htmlToPlainText("<style>p{}</style>a<script>x()</script> b<!-- c --> &#1;d &#xD800;")).toBe("a b d \uFFFD");
  });

  it("collapses whitespace", () => {
    expect(htmlToPlainText("\n  <p>  a \n\t b  </p>\n")).toBe("a b");
  });
});

describe("firstParagraphText", () => {
  it("gives the first paragraph's plain text", () => {
    expect(firstParagraphText("<p>One &amp; <strong>two</strong>.</p>\n<p>Three.</p>")).toBe("One & two.");
  });

  it("skips a paragraph without text, such as a lone image", () => {
    expect(firstParagraphText('<p><img src="a.png" alt=""></p>\n<p>Text.</p>')).toBe("Text.");
  });

  it("uses the whole fragment when there is no <p>", () => {
    expect(firstParagraphText("<h2>Only</h2> a heading")).toBe("Only a heading");
  });
});
