import { describe, expect, it } from "vitest";
import { decode } from "../src/ingest/decode.js";

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
  it("refuses binary content with a NUL byte", () => {
    const r = decode(Buffer.from([0x61, 0x62, 0x00, 0x63]));
    expect(r.text).toBeUndefined();
    expect(r.findings).toMatchObject([{ severity: "error", rule: "binary-file", line: 1, column: 3 }]);
  });
});
