import { describe, it, expect } from "vitest";
import { cleanText, collapseInline, normalizeChars } from "../../src/normalize/text.js";

describe("cleanText", () => {
  it("applies Unicode NFC", () => {
    expect(cleanText("Cafe\u0301 SA\u0303O").text).toBe("Café SÃO");
  });

  it("removes XML-forbidden characters with one warning at the first, counting them", () => {
    const { text, findings } = cleanText("ok\nab\u0000c\u000B\u000C\u001F\uFFFE\uFFFF d\u0008");
    expect(text).toBe("ok\nabc d");
    expect(findings).toEqual([
      {
        severity: "warning",
        rule: "xml-forbidden-char",
        message: "removed 7 characters that XML 1.0 forbids (control characters, U+FFFE/U+FFFF or lone surrogates)",
        line: 2,
        column: 3,
      },
    ]);
  });

  it("removes lone surrogates but keeps paired ones (astral characters)", () => {
    const { text, findings } = cleanText("a\uD800b\uDC00c 😀");
    expect(text).toBe("abc 😀");
    expect(findings[0]).toMatchObject({ rule: "xml-forbidden-char", line: 1, column: 2 });
  });

  it("offsets the finding's line by the line argument and counts columns in code points", () => {
    const { findings } = cleanText("x\r\n😀é\u0001", 10);
    expect(findings[0]).toMatchObject({ line: 12, column: 3, message: expect.stringContaining("1 character ") });
  });

  it("keeps tab, LF and CR-derived line breaks, and reports nothing for clean text", () => {
    expect(cleanText("a\tb\nc").findings).toEqual([]);
  });

  it("removes a BOM at the start only", () => {
    expect(cleanText("\uFEFFTitle\uFEFF").text).toBe("Title\uFEFF");
  });

  it("normalizes CRLF and CR to LF", () => {
    expect(cleanText("a\r\nb\rc\n").text).toBe("a\nb\nc\n");
  });

  it("collapses tabs and space runs inside lines, keeping NBSP and leading indentation", () => {
    expect(cleanText("a  b\t\tc \t d").text).toBe("a b c d");
    expect(cleanText("10\u00A0km  away").text).toBe("10\u00A0km away");
    expect(cleanText("    indented  code").text).toBe("    indented code");
  });

  it("trims spaces and tabs at line ends", () => {
    expect(cleanText("one  \ntwo\t\n").text).toBe("one\ntwo\n");
  });
});

describe("normalizeChars", () => {
  it("removes forbidden characters and a leading BOM, and applies NFC", () => {
    expect(normalizeChars("\uFEFFCafe\u0301\u0007  x")).toBe("Café  x");
  });
});

describe("collapseInline", () => {
  it("makes one trimmed line with single spaces", () => {
    expect(collapseInline("  Fire\n at  the\tdocks \r\n")).toBe("Fire at the docks");
  });

  it("keeps a no-break space inside the text", () => {
    expect(collapseInline("10\u00A0km")).toBe("10\u00A0km");
  });
});

describe("cleanText for Markdown (tidy off)", () => {
  it("keeps space runs and trailing double spaces, which are Markdown syntax, but still strips forbidden characters", () => {
    const { text, findings } = cleanText("line one  \n    code   block\u0001\r\n", 4, false);
    expect(text).toBe("line one  \n    code   block\n");
    expect(findings).toMatchObject([{ rule: "xml-forbidden-char", line: 6 }]);
  });
});
