import { describe, expect, it } from "vitest";
import { findRawHtml, findUnsafe } from "../src/normalize/unsafe.js";

const rules = (text: string) => findUnsafe(text).map((f) => f.rule);

describe("findUnsafe", () => {
  it.each([
    ["<script>alert(1)</script>"],
    ["<SCRIPT SRC=//evil.example/x.js>"],
    ["text </script> text"],
    ['<iframe src="https://evil.example/">'],
    ["<svg/onload=alert(1)>"],
    ["<object data=x>"],
    ["<img src=x onerror=alert(1)>"],
    ["<img src=x\n  onerror=alert(1)>"],
    ['<a href="#" onclick = "go()">x</a>'],
    ["[click](javascript:alert(1))"],
    ["[click]( JAVASCRIPT:alert(1))"],
    ["[click](<javascript:alert(1)>)"],
    ['<a href="javascript:alert(1)">x</a>'],
    ["<a href=' javascript:void(0)'>x</a>"],
    ["[more]: javascript:alert(1)"],
    ["see javascript:alert(document.cookie)"],
    ["[x](java\tscript:alert(1))"],
    ["[x](vbscript:msgbox(1))"],
    ["[x](&#106;avascript:alert(1))"],
    ["[x](javascript&colon;alert(1))"],
    ["[x](%6Aavascript:alert(1))"],
    ["&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["\\<script>alert(1)\\</script>"],
  ])("refuses %j", (text) => {
    expect(rules(text)).toEqual(["unsafe-html"]);
  });

  it.each([
    ["JavaScript: The Good Parts is a book."],
    ["Fish <b>and</b> chips"],
    ["x < y and y > z; a<b"],
    ["the onion=layers, the on=off switch"],
    ["<https://example.com/a?b=c> and <desk@example.com>"],
    ["[a link](https://example.com/javascript-tips)"],
    ["100% sure, 50%6A"],
    ["Scripture: a reading; a description of scripts."],
    ["foo.javascript:bar"],
  ])("lets %j pass", (text) => {
    expect(rules(text)).toEqual([]);
  });

  it("points at the line and column, counting lines before the text", () => {
    expect(findUnsafe("one\ntwo <script>", 10)).toMatchObject([{ line: 12, column: 5, severity: "error" }]);
    // Found only once decoded: the line, column 1.
    expect(findUnsafe("one\n&lt;iframe&gt;", 0)).toMatchObject([{ line: 2, column: 1 }]);
  });

  it("stays fast on hostile input", () => {
    const inputs = [
      ("=" + " ".repeat(99_990) + "\n").repeat(10),
      ("<a ".repeat(30_000) + "\n").repeat(10),
      ("<a" + " on".repeat(30_000) + "\n").repeat(10),
      ("&amp;".repeat(19_000) + "\n").repeat(10),
      ("[" + "a".repeat(199) + "]\n").repeat(5_000),
      ("](" + " ".repeat(99_000) + "\n").repeat(10),
    ];
    for (const text of inputs) {
      const started = performance.now();
      findUnsafe(text);
      findRawHtml(text);
      // Linear scans take milliseconds; the quadratic ones this guards against took a minute.
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});

describe("findRawHtml", () => {
  it.each([["Fish <b>and</b> chips", 6], ["a<br/>b", 2], ["<!-- a comment -->", 1], ['x <span class="y">', 3]])(
    "warns on %j at its column", (text, column) => {
      expect(findRawHtml(text, 4)).toMatchObject([{ rule: "raw-html", severity: "warning", line: 5, column }]);
    },
  );

  it.each([
    ["<https://example.com> and <desk@example.com>"],
    ["x < y and a <= b"],
    ["Code: `<b>bold</b>` and ``a ` <i>``"],
    ["```html\n<b>bold</b>\n```\nafter"],
    ["~~~\n<div>\n~~~"],
  ])("leaves %j alone", (text) => {
    expect(findRawHtml(text)).toEqual([]);
  });

  it("treats an unclosed backtick run as text", () => {
    expect(findRawHtml("a ` <b>")).toMatchObject([{ rule: "raw-html", column: 5 }]);
  });
});
