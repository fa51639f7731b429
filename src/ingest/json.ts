import { finding, type Finding } from "../diagnostics.js";
import { PARSE_LIMITS, type Position } from "../parse.js";

/** A JSON document read for a mapper: its values, where each key was written, and what was wrong. */
export interface JsonDocument {
  value?: unknown;
  /** Position of every object key, by its path (`headlines/0/value`). */
  keys: Map<string, Position>;
  findings: Finding[];
}

/** Keys that name an object's prototype in JavaScript: never kept, wherever they stand. */
const PROTOTYPE_KEYS = new Set(["__proto__"]);

/**
 * Reads JSON text (pure, never throws). The grammar is checked by a scanner of our own that
 * knows the line and column of every key and of the first error, and stops at the YAML limits
 * (nesting, number of values) before anything is built; the values are then built by
 * `JSON.parse`, which makes a key such as `__proto__` an own property, never a prototype. Keys
 * named `__proto__` are then removed, with a warning at each, so no later copy of the object
 * (spread, Object.assign, a schema library) can meet one.
 */
export function readJson(text: string): JsonDocument {
  const scan = scanJson(text);
  if (scan.error) return { keys: scan.keys, findings: [scan.error] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // The scanner accepts only what JSON.parse accepts; this is belt and braces.
    return { keys: scan.keys, findings: [finding("error", "json-syntax", `JSON syntax: ${(err as Error).message}`)] };
  }
  const findings: Finding[] = [];
  dropPrototypeKeys(value, "", scan.keys, findings);
  return { value, keys: scan.keys, findings };
}

/** Removes `__proto__` keys from parsed JSON, in place and without recursion. */
function dropPrototypeKeys(root: unknown, rootPath: string, keys: ReadonlyMap<string, Position>, findings: Finding[]): void {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, join(path, String(i))]));
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = join(path, key);
      if (PROTOTYPE_KEYS.has(key)) {
        delete (value as Record<string, unknown>)[key];
        const pos = keys.get(at) ?? { line: 1, column: 1 };
        findings.push(finding("warning", "json-prototype-key", `the key "${key}" (at ${at}) names a JavaScript prototype and is ignored`, pos.line, pos.column));
        continue;
      }
      stack.push([(value as Record<string, unknown>)[key], at]);
    }
  }
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}/${key}`;
}

interface Scan {
  keys: Map<string, Position>;
  error?: Finding;
}

interface Frame {
  kind: "object" | "array";
  path: string;
  /** Next array index, or the key being read. */
  index: number;
  key?: string;
}

/**
 * Checks JSON's grammar (RFC 8259) in one pass without recursion, recording each key's position.
 * Stops at the first error, with its line and column, or at a limit of PARSE_LIMITS.
 */
export function scanJson(text: string): Scan {
  const keys = new Map<string, Position>();
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const stack: Frame[] = [];
  let values = 0;
  const pos = (at: number): Position => ({ line, column: at - lineStart + 1 });
  const fail = (rule: string, message: string, at = i): Scan => {
    const p = pos(at);
    return { keys, error: finding("error", rule, message, p.line, p.column) };
  };
  const blank = () => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) [line, lineStart] = [line + 1, i + 1];
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
  };
  /** Reads a string at `i` (on its opening quote); returns its value, or an error. */
  const string = (): string | Scan => {
    const start = i;
    i++;
    let out = "";
    let from = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(from, i);
        i++;
        return out;
      }
      if (c < 0x20) return fail("json-syntax", c === 0x0a ? "JSON syntax: a string is not closed on its line" : "JSON syntax: a control character inside a string must be escaped");
      if (c === 0x5c) {
        out += text.slice(from, i);
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return fail("json-syntax", "JSON syntax: \\u must be followed by four hex digits");
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += e;
          i += 1;
        } else {
          return fail("json-syntax", "JSON syntax: an unknown escape in a string");
        }
        from = i + 1;
      }
    }
    return fail("json-syntax", "JSON syntax: a string is not closed", start);
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  blank();
  if (i >= text.length) return fail("json-syntax", "JSON syntax: the file holds no JSON value");
  for (;;) {
    // A value is expected at i.
    blank();
    const top = stack.at(-1);
    if (++values > PARSE_LIMITS.frontMatterValues) {
      return fail("json-too-large", `the document holds more than ${PARSE_LIMITS.frontMatterValues} values`);
    }
    const c = text[i];
    if (c === "{" || c === "[") {
      if (stack.length >= PARSE_LIMITS.frontMatterDepth) {
        return fail("json-too-deep", `the document nests objects or arrays more than ${PARSE_LIMITS.frontMatterDepth} deep`);
      }
      const path = top === undefined ? "" : top.kind === "object" ? join(top.path, top.key!) : join(top.path, String(top.index));
      i++;
      blank();
      const close = c === "{" ? "}" : "]";
      if (text[i] === close) {
        i++;
      } else {
        stack.push({ kind: c === "{" ? "object" : "array", path, index: 0 });
        if (c === "{") {
          const k = key(stack.at(-1)!);
          if (k) return k;
        }
        continue;
      }
    } else if (c === '"') {
      const s = string();
      if (typeof s !== "string") return s;
    } else if (c !== undefined && (c === "-" || (c >= "0" && c <= "9"))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail("json-syntax", "JSON syntax: a malformed number");
      i += m[0].length;
    } else if (text.startsWith("true", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else if (text.startsWith("null", i)) i += 4;
    else return fail("json-syntax", c === undefined ? "JSON syntax: the document ends where a value was expected" : `JSON syntax: unexpected ${describe(c)} where a value was expected`);

    // After a value: a comma, a closer, or the end.
    for (;;) {
      blank();
      const frame = stack.at(-1);
      if (frame === undefined) {
        if (i < text.length) return fail("json-syntax", `JSON syntax: unexpected ${describe(text[i]!)} after the document's value`);
        return { keys };
      }
      const close = frame.kind === "object" ? "}" : "]";
      if (text[i] === ",") {
        i++;
        if (frame.kind === "array") frame.index++;
        else {
          const k = key(frame);
          if (k) return k;
        }
        break;
      }
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      return fail("json-syntax", text[i] === undefined
        ? `JSON syntax: the document ends inside ${frame.kind === "object" ? "an object" : "an array"}`
        : `JSON syntax: expected "," or "${close}", found ${describe(text[i]!)}`);
    }
  }

  /** Reads `"key":` for an object frame, recording where the key stands; an error, or undefined. */
  function key(frame: Frame): Scan | undefined {
    blank();
    if (text[i] !== '"') return fail("json-syntax", text[i] === "}" ? "JSON syntax: a comma before \"}\"" : `JSON syntax: expected a key in double quotes, found ${describe(text[i] ?? "")}`);
    const at = pos(i);
    const k = string();
    if (typeof k !== "string") return k;
    const path = join(frame.path, k);
    if (!keys.has(path)) keys.set(path, at);
    frame.key = k;
    blank();
    if (text[i] !== ":") return fail("json-syntax", `JSON syntax: expected ":" after the key "${k.slice(0, 40)}"`);
    i++;
    return undefined;
  }
}

function describe(c: string): string {
  if (c === "") return "the end of the document";
  return /[\x21-\x7e]/.test(c) ? `"${c}"` : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}
