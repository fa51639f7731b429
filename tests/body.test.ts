import { describe, it, expect } from "vitest";
import { firstParagraphText, htmlToPlainText, paragraphsToHtml, renderMarkdown } from "../src/normalize/body.js";

/** Real tags in the output (escaped text like `&lt;script&gt;` is not a tag). */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

/** Every href/src value of the output's real tags. */
function urls(html: string): string[] {
  return tags(html).flatMap((t) => [...t.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1] ?? ""));
}

/** Nothing executable in the output: no script/frame/object/embed element, no on* handler, no bad URL. */
function expectInert(html: string): void {
  for (const t of tags(html)) {
    expect(t, html).not.toMatch(/^<\/?(script|iframe|frame|frameset|object|embed|style|svg|math)\b/i);
    expect(t, html).not.toMatch(/\son[a-z]+\s*=/i);
  }
  for (const u of urls(html)) expect(u, html).toMatch(/^(https?:|mailto:|#|\/|[a-z0-9._-]+(\/|$)|data:image\/png)/i);
}

describe("paragraphsToHtml", () => {
  it("wraps each paragraph in <p>, escaping &, < and >, joined with newlines", () => {
    expect(paragraphsToHtml(["Fish & chips", "<b>bold</b>"])).toBe("<p>Fish &amp; chips</p>\n<p>&lt;b&gt;bold&lt;/b&gt;</p>");
  });
});

describe("renderMarkdown", () => {
  it("renders Markdown with typographic quotes", () => {
    expect(renderMarkdown(`He said "go" and 'stay'.\n\n*Bold* [link](https://example.com/a)`)).toBe(
      "<p>He said “go” and ‘stay’.</p>\n<p><em>Bold</em> <a href=\"https://example.com/a\">link</a></p>\n",
    );
  });

  it("does not link bare URLs", () => {
    expect(renderMarkdown("see https://example.com")).toBe("<p>see https://example.com</p>\n");
  });

  it("escapes raw HTML instead of passing it", () => {
    const hostile = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<iframe src=\"https://evil.example\"></iframe>",
      "<frame src=x>",
      "<object data=x></object><embed src=x>",
      "<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>",
      "text <svg onload=alert(1)>",
    ];
    for (const body of hostile) {
      const html = renderMarkdown(body);
      expectInert(html);
      expect(html).toContain("&lt;");
    }
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
    ];
    for (const body of hostile) {
      const html = renderMarkdown(body);
      expectInert(html);
      expect(urls(html), body).toEqual([]);
    }
  });

  it("allows raster data: images, but only as images", () => {
    const html = renderMarkdown("![dot](data:image/png;base64,iVBORw0KGgo=)");
    expect(urls(html)).toEqual(["data:image/png;base64,iVBORw0KGgo="]);
    expect(renderMarkdown("[see](data:image/png;base64,iVBORw0KGgo=)")).toBe("<p>see</p>\n");
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
