import { describe, expect, it } from "vitest";
import { decode } from "../../src/ingest/decode.js";

describe("decode", () => {
  it("reads UTF-8 and drops a UTF-8 byte-order mark", () => {
    expect(decode(Buffer.from("\uFEFFcafé", "utf8"))).toEqual({ text: "café", findings: [] });
  });
  it("reads UTF-16 with either byte-order mark", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Zürich", "utf16le")]);
    expect(decode(le).text).toBe("Zürich");
    const be = Buffer.from(Buffer.from("Zürich", "utf16le")).swap16();
    expect(decode(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe("Zürich");
  });
  it("reads Windows-1252 with a warning at the first bad byte, never mojibake", () => {
    const bytes = Buffer.from([0x61, 0x0a, 0x93, 0x48, 0x69, 0x94, 0x20, 0xe9]);
    const r = decode(bytes);
    expect(r.text).toBe("a\n“Hi” é");
    expect(r.findings).toMatchObject([{ severity: "warning", rule: "not-utf8", line: 2, column: 1 }]);
  });
  it("drops a UTF-8 byte-order mark from text that is not all UTF-8 too, and places the warning after it", () => {
    const r = decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x93, 0x62]));
    expect(r.text).toBe("a“b");
    expect(r.findings).toMatchObject([{ rule: "not-utf8", line: 1, column: 2 }]);
  });
  it("refuses binary content: mostly control characters", () => {
    const r = decode(Buffer.from([0x61, 0x62, 0x00, 0x00, 0x63]));
    expect(r.text).toBeUndefined();
    expect(r.findings).toMatchObject([{ severity: "error", rule: "binary-file", line: 1, column: 3 }]);
    // A third of it control characters: binary; a quarter, in UTF-8: text with a NUL to remove.
    expect(decode(Buffer.from([0x61, 0x62, 0x00, 0x63])).text).toBe("ab\u0000c");
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(decode(png).findings).toMatchObject([{ rule: "binary-file", line: 2, column: 1 }]);
    expect(decode(Buffer.from("Plain text", "utf16le")).findings).toMatchObject([{ rule: "binary-file" }]);
  });
  it("reads text holding a stray NUL or wire framing as text: cleaning removes those", () => {
    const story = "Talks resume\n\nGENEVA — Delegates returned to the table on Friday, mediators said.\n\nCopyright © 2026 Northwind Wire.";
    expect(decode(Buffer.from(story.replace("Friday", "Fri\u0000day")))).toEqual({ text: story.replace("Friday", "Fri\u0000day"), findings: [] });
    expect(decode(Buffer.from(`\u0001\u0002${story}\u0003\u0004`)).findings).toEqual([]);
  });
});
