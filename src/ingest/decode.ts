import { isUtf8 } from "node:buffer";
import { finding, type Finding } from "../model/diagnostics.js";

// Node 20's TextDecoder("windows-1252") decodes as ISO-8859-1, turning 0x80–0x9F (curly quotes,
// dashes, €) into C1 control characters; so those 32 bytes are mapped here by the WHATWG table.
const CP1252_HIGH =
  "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** One byte as Windows-1252 reads it. */
function cp1252(b: number): string {
  return b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
}

/** Bytes known to be well-formed UTF-8, as text. */
function utf8Text(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString("utf8");
}

/**
 * Text that is not all UTF-8: every well-formed UTF-8 sequence is read as UTF-8 and every other
 * byte as Windows-1252. Pure Windows-1252 text comes out right, and so does the common mixture
 * (a UTF-8 file with one pasted Windows-1252 quote), whose `é` would otherwise turn into `Ã©`.
 */
function decodeMixed(bytes: Uint8Array): string {
  const parts: string[] = [];
  let run = 0; // start of the current run of UTF-8
  for (let i = 0; i < bytes.length; ) {
    const n = utf8Length(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (run < i) parts.push(utf8Text(bytes, run, i));
    parts.push(cp1252(bytes[i]!));
    run = ++i;
  }
  if (run < bytes.length) parts.push(utf8Text(bytes, run, bytes.length));
  return parts.join("");
}

/**
 * Bytes to text (pure). UTF-8 is expected; a UTF-8 or UTF-16 byte-order mark is honoured and
 * dropped; bytes that are not UTF-8 are read as Windows-1252 with a warning (never mojibake);
 * binary content (mostly control characters, see {@link BINARY_SHARE}) and UTF-32 are errors.
 */
export function decode(bytes: Uint8Array): { text?: string; findings: Finding[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { findings: [finding("error", "unsupported-encoding", "the file is UTF-32; save it as UTF-8")] };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), findings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), findings: [] };
  // Read through a Buffer: its isUtf8 and toString run natively, where a walk over a Uint8Array
  // in JavaScript goes byte by byte.
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  // isUtf8 (simdutf) checks far faster than a fatal TextDecoder, which then has nothing to catch.
  if (isUtf8(buffer)) {
    const text = buffer.toString("utf8", bom);
    return binary(text, BINARY_SHARE.utf8) ?? { text, findings: [] };
  }
  // The mark goes here too, and positions count from after it, as an editor shows the text.
  const rest = buffer.subarray(bom);
  const text = decodeMixed(rest);
  const { line, column } = positionOf(rest, firstInvalidUtf8(rest));
  return binary(text, BINARY_SHARE.other) ?? {
    text,
    findings: [finding("warning", "not-utf8", "the file is not UTF-8; what is not UTF-8 was read as Windows-1252: save it as UTF-8", line, column)],
  };
}

/** C0 controls but tab, line feed, form feed and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;

/**
 * Binary: bytes that do not decode as text. UTF-8 that is a third or more control characters
 * (UTF-16 without its mark is half NULs; a file of zeros all), or a file that is not UTF-8 and
 * more than one character in fifty a control character (compressed data, images and archives run
 * 12–14% control bytes, and are never UTF-8). Fewer (one stray NUL, the SOH/STX/ETX/EOT framing
 * of IPTC 7901 or ANPA wire text) are text with some bytes to remove, which cleaning does, with a
 * warning.
 */
const BINARY_SHARE = { utf8: 1 / 3, other: 1 / 50 };

/** The `binary-file` error, at the first control character, when `share` of `text` or more is control characters. */
function binary(text: string, share: number): { findings: Finding[] } | undefined {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return undefined;
  const count = text.match(CONTROL)!.length;
  if (count < text.length * share) return undefined;
  CONTROL.lastIndex = 0;
  const first = text.search(CONTROL);
  const before = text.slice(0, first);
  const line = before.split("\n").length;
  const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
  return {
    findings: [finding("error", "binary-file",
      `the file is binary, not a story: ${count} of its ${text.length} characters are control characters`, line, column)],
  };
}

/** Line and column of a byte offset; the column counts characters (UTF-8 lead bytes), as an editor shows them. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1, column = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) [line, column] = [line + 1, 1];
    else if ((bytes[i]! & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (1–4), or 0 when the byte there does not start
 * one: no overlong forms, no encoded surrogates, nothing above U+10FFFF (RFC 3629's table).
 */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const n = utf8Length(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return 0;
}
