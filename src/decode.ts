import { finding, type Finding } from "./diagnostics.js";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
// Node 20's TextDecoder("windows-1252") decodes as ISO-8859-1, turning 0x80–0x9F (curly quotes,
// dashes, €) into C1 control characters; so those 32 bytes are mapped here by the WHATWG table.
const CP1252_HIGH =
  "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function decodeCp1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * Bytes to text (pure). UTF-8 is expected; a UTF-8 or UTF-16 byte-order mark is honoured and
 * dropped; text that is not UTF-8 is read as Windows-1252 with a warning (never mojibake);
 * binary content (NUL bytes outside UTF-16) is an error.
 */
export function decode(bytes: Uint8Array): { text?: string; findings: Finding[] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), findings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), findings: [] };
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOf(bytes, nul);
    return { findings: [finding("error", "binary-file", "the file holds NUL bytes: it is binary, not a story", line, column)] };
  }
  try {
    return { text: utf8.decode(bytes), findings: [] };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = positionOf(bytes, bad);
    return {
      text: decodeCp1252(bytes),
      findings: [finding("warning", "not-utf8", "the file is not UTF-8; it was read as Windows-1252: save it as UTF-8", line, column)],
    };
  }
}

function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) [line, start] = [line + 1, i + 1];
  return { line, column: offset - start + 1 };
}

/** Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}
