import matter from "gray-matter";
import yaml from "js-yaml";
import { finding, type Finding } from "./diagnostics.js";
import type { BodyKind, WireSource } from "./story.js";

/** Where a front-matter key was written, for diagnostics. */
export interface Position {
  line: number;
  column: number;
}

/** A story file split into its parts, before any validation. */
export interface ParsedText {
  /** Markdown with front matter, raw wire text, or an agency format's HTML body (ninjs, NewsML-G2). */
  kind: BodyKind;
  /** Front matter (empty for raw wire text). */
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  /** Line and column of each top-level front-matter key. */
  keys: Map<string, Position>;
  findings: Finding[];
  /** Where an agency format's body stands (the key or element holding it). */
  bodyAt?: Position;
  /** An agency format's identity and the fields wirefeed does not map (see `WireSource`). */
  source?: WireSource;
}

/**
 * What one story's front matter may hold. Past a limit the file is refused with the rule named
 * here, before any costly work, so no file can make a build slow or large: a story's front matter
 * is one or two kilobytes. The body has no limit but the file's size (`maxBytes`): every step
 * that reads it is linear in its length, however it is cut into lines.
 */
export const PARSE_LIMITS = {
  /** Characters of front matter: `front-matter-too-large`. */
  frontMatterLength: 64 * 1024,
  /** Values in the front matter, aliases expanded: `front-matter-too-large`. */
  frontMatterValues: 20_000,
  /** Nesting of YAML collections: `front-matter-too-deep`. */
  frontMatterDepth: 16,
  /** YAML aliases (`*name`): `front-matter-aliases`. js-yaml expands none, but a walker would. */
  aliases: 20,
} as const;

/** Front matter written in a programming language: never run, whatever the engine. */
const CODE_LANGUAGES = new Set(["js", "javascript", "mjs", "cjs", "jsx", "ts", "typescript", "tsx", "coffee", "coffeescript", "cson"]);

/** Front matter languages read (JSON is YAML 1.2 too). */
const DATA_LANGUAGES = new Set(["", "yaml", "yml", "json"]);

/**
 * Characters XML 1.0 forbids (the body's `cleanText` removes them too), plus DEL and the C1
 * controls but NEL, which YAML refuses as "non-printable": in front matter they are removed
 * before YAML reads it, with a warning, so one stray byte from a CMS does not cost the story.
 */
const FRONT_MATTER_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A cheap pre-filter for FRONT_MATTER_FORBIDDEN, as text.ts has for the body: it also takes NEL
 * and paired surrogates, so it may say yes to fine front matter but never no to bad; without
 * the lookarounds it reads the front matter in a third of the time.
 */
const MAYBE_FRONT_MATTER_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** An error that stops the YAML reader at a limit, carrying its rule. */
class LimitError extends Error {
  constructor(readonly rule: string, message: string) {
    super(message);
  }
}

/** A node whose text starts, after spaces and comments, with `*`: an alias (a plain scalar cannot start so). */
const ALIAS_START = /^(?:\s+|#[^\n]*)*\*/;

/**
 * js-yaml 4 with the core schema: no custom tags, no `!!js/function`, and dates stay strings for
 * our own zone-aware parsing; duplicate keys are errors. Nesting is capped (`maxDepth`, a js-yaml
 * 4.3 option) and aliases are counted as the reader meets them, so an alias bomb stops before
 * js-yaml joins an aliased list into a mapping key (which it does by copying: 16 KB of YAML made
 * a 5 MB key when measured).
 */
function loadYaml(source: string): unknown {
  const opened: number[] = [];
  let aliases = 0;
  return yaml.load(source, {
    schema: yaml.CORE_SCHEMA,
    json: false,
    maxDepth: PARSE_LIMITS.frontMatterDepth,
    listener(event: yaml.EventType, state: yaml.State) {
      if (event === "open") {
        opened.push(state.position);
        return;
      }
      const from = opened.pop() ?? 0;
      // An alias node has no kind of its own. js-yaml reads some nodes twice, so this counts an
      // upper bound, which is what a limit needs.
      if ((state.kind as string | null) === null && ALIAS_START.test(state.input.slice(from, state.position)) && ++aliases > PARSE_LIMITS.aliases) {
        throw new LimitError("front-matter-aliases", `the front matter uses more than ${PARSE_LIMITS.aliases} YAML aliases (*name); write values out`);
      }
    },
  } as yaml.LoadOptions);
}

/** Refuses front matter written as code, whichever engine gray-matter would pick for it. */
const refuseCode = (): never => {
  throw new Error("front matter written as code is never run");
};

/**
 * gray-matter options, always passed: without options gray-matter caches parsed objects by the
 * whole input and shares them between calls, and its default `js` engine would `eval` the front
 * matter. Every data language goes to our limited YAML reader; code languages throw (they are
 * refused before this too). gray-matter hands the engine the text after the opening line, so
 * YAML line 0 is file line 1.
 */
const MATTER_OPTIONS = {
  language: "yaml",
  engines: {
    ...Object.fromEntries([...DATA_LANGUAGES].filter(Boolean).map((l) => [l, { parse: loadYaml }])),
    ...Object.fromEntries([...CODE_LANGUAGES].map((l) => [l, { parse: refuseCode }])),
  },
} as unknown as Parameters<typeof matter>[1];

/**
 * Splits a story's text: Markdown with YAML front matter (`kind` "markdown"), or raw wire text
 * (`kind` "raw", no front matter). Never throws: what it cannot read is a finding.
 *
 * Front matter is data, never code: its delimiters, language and limits are checked here before
 * gray-matter reads it, with engines that only read YAML (see MATTER_OPTIONS).
 * Line breaks become LF first, so CRLF and CR files read the same and keep their line numbers.
 * The body is not judged here: it is text (raw wire text) or Markdown whose HTML the sanitizer
 * cleans when it is rendered (see `assembleStory`); no line is too long to read.
 *
 * @example parseText("---\ntitle: Hi\n---\nBody", "markdown").data // { title: "Hi" }
 */
export function parseText(input: string, kind: "markdown" | "raw"): ParsedText {
  const text = normalizeBreaks(input);
  const base: ParsedText = { kind, data: {}, body: text, bodyLine: 1, keys: new Map(), findings: [] };
  const refuse = (f: Finding): ParsedText => ({ ...base, findings: [f] });
  if (!/\S/.test(text)) return refuse(finding("error", "empty-file", "the file is empty"));
  if (kind === "raw") return base;

  const split = splitFrontMatter(text);
  if ("rule" in split) return refuse(split);
  if (CODE_LANGUAGES.has(split.lang)) {
    return refuse(finding("error", "front-matter-code", `front matter in ${split.lang} is code and is never run; use YAML`, 1, 4));
  }
  if (!DATA_LANGUAGES.has(split.lang)) {
    return refuse(finding("error", "front-matter-language", `front matter in "${split.lang.slice(0, 30)}" is not read; use YAML`, 1, 4));
  }
  if (split.source.length > PARSE_LIMITS.frontMatterLength) {
    return refuse(finding("error", "front-matter-too-large",
      `the front matter is ${split.source.length} characters, over the limit of ${PARSE_LIMITS.frontMatterLength}`, 2));
  }
  const { source, findings } = stripControls(split.source);
  let data: unknown;
  try {
    // gray-matter reads the checked front matter; its engines are ours (see MATTER_OPTIONS).
    data = matter(`---${split.lang}\n${source}\n---\n`, MATTER_OPTIONS).data;
  } catch (err) {
    return refuse(yamlFinding(err, source));
  }
  data ??= {};
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return refuse(finding("error", "front-matter-not-mapping", "front matter must be a mapping of fields (key: value)", 2));
  }
  const size = measure(data);
  if (size !== undefined) return refuse(size);
  return {
    kind,
    data: data as Record<string, unknown>,
    body: split.body,
    bodyLine: split.bodyLine,
    keys: keyPositions(source, 2),
    findings,
  };
}

/**
 * The body of a story's text, cut as {@link parseText} cuts it but without reading the front
 * matter: for rendering a story already catalogued (and so already checked). Raw text is all body.
 */
export function bodyOf(input: string, kind: "markdown" | "raw"): string {
  const text = normalizeBreaks(input);
  if (kind === "raw") return text;
  const split = splitFrontMatter(text);
  return "rule" in split ? "" : split.body;
}

function normalizeBreaks(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r") ? noBom.replace(/\r\n?/g, "\n") : noBom;
}

interface Split {
  /** What follows the opening `---`, lowercased: "" for plain YAML. */
  lang: string;
  /** The text between the delimiter lines; file line 2 is its first line. */
  source: string;
  body: string;
  bodyLine: number;
}

/**
 * Cuts `---[lang]` … `---` off the top of the text. The opening line is `---` and an optional
 * language (`----` is a Markdown rule, not front matter); the closing one is `---` alone.
 */
function splitFrontMatter(text: string): Split | Finding {
  const eol = text.indexOf("\n");
  const first = eol === -1 ? text : text.slice(0, eol);
  if (!first.startsWith("---") || first.startsWith("----")) {
    return finding("error", "missing-front-matter", "a .md story must start with `---` front matter (title, published, copyright…)");
  }
  const close = /^---[ \t]*$/gm;
  close.lastIndex = eol + 1;
  const m = eol === -1 ? null : close.exec(text);
  if (m === null) return finding("error", "front-matter-unclosed", "the front matter has no closing `---` line");
  const source = text.slice(eol + 1, m.index);
  let closeLine = 2;
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) closeLine++;
  let bodyStart = m.index + m[0].length;
  if (text[bodyStart] === "\n") bodyStart++;
  return { lang: first.slice(3).trim().toLowerCase(), source, body: text.slice(bodyStart), bodyLine: closeLine + 1 };
}

/** Removes the characters YAML and XML refuse from front matter, with one warning at the first (file position). */
function stripControls(source: string): { source: string; findings: Finding[] } {
  if (!MAYBE_FRONT_MATTER_FORBIDDEN.test(source)) return { source, findings: [] };
  const first = source.search(FRONT_MATTER_FORBIDDEN);
  if (first === -1) return { source, findings: [] };
  const count = source.match(FRONT_MATTER_FORBIDDEN)!.length;
  const before = source.slice(0, first);
  const line = before.split("\n").length + 1;
  const column = first - before.lastIndexOf("\n");
  const what = count === 1 ? "1 control character" : `${count} control characters`;
  return {
    source: source.replace(FRONT_MATTER_FORBIDDEN, ""),
    findings: [finding("warning", "xml-forbidden-char", `removed ${what} from the front matter that XML 1.0 forbids or YAML cannot hold`, line, column)],
  };
}

/** A plain (unquoted) value holding `: `, the commonest YAML slip in a headline. */
const UNQUOTED_COLON = /^[\w-]+:[ \t]+[^\s"'[{|>&*!#][^#]*?:(?:[ \t]|$)/;

function yamlFinding(err: unknown, source: string): Finding {
  if (err instanceof LimitError) return finding("error", err.rule, err.message, 2);
  if (err instanceof RangeError) {
    // A stack overflow in the YAML reader, should nesting ever get past maxDepth.
    return finding("error", "front-matter-too-deep", "the front matter nests too deeply to read", 2);
  }
  if (err instanceof yaml.YAMLException) {
    // gray-matter gives YAML the text after the opening `---`, starting with its newline: mark
    // line 0 is file line 1.
    const line = (err.mark?.line ?? 0) + 1;
    const column = (err.mark?.column ?? 0) + 1;
    if (/exceeded maxDepth/.test(err.reason)) {
      return finding("error", "front-matter-too-deep", `the front matter nests lists or mappings more than ${PARSE_LIMITS.frontMatterDepth} deep`, line, column);
    }
    const text = source.split("\n")[line - 2] ?? "";
    const hint = UNQUOTED_COLON.test(text) ? ` (a value holding ": " must be quoted: ${text.slice(0, text.indexOf(":") + 1)} "…")` : "";
    return finding("error", "yaml-syntax", `YAML syntax: ${err.reason}${hint}`, line, column);
  }
  return finding("error", "front-matter", `cannot read the front matter: ${err instanceof Error ? err.message : String(err)}`, 2);
}

/**
 * Walks the parsed front matter as a consumer would see it, aliases expanded, without recursion
 * and stopping at the limits: nesting (belt and braces with maxDepth) and value count.
 */
function measure(data: object): Finding | undefined {
  const stack: [unknown, number][] = [[data, 1]];
  let values = 1;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (depth > PARSE_LIMITS.frontMatterDepth) {
      return finding("error", "front-matter-too-deep", `the front matter nests lists or mappings more than ${PARSE_LIMITS.frontMatterDepth} deep`, 2);
    }
    const children = Array.isArray(value) ? value : Object.values(value);
    values += children.length;
    if (values > PARSE_LIMITS.frontMatterValues) {
      return finding("error", "front-matter-too-large", `the front matter holds more than ${PARSE_LIMITS.frontMatterValues} values once its aliases are expanded`, 2);
    }
    for (const child of children) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Top-level keys with their 1-based file positions; `source` starts on file line `firstLine`. */
function keyPositions(source: string, firstLine: number): Map<string, Position> {
  const keys = new Map<string, Position>();
  source.split("\n").forEach((text, i) => {
    // A top-level key starts at column 1: `key:` or `"key":`.
    const m = /^(["']?)([^\s:#"'][^:#"']*)\1\s*:(\s|$)/.exec(text);
    if (m && !keys.has(m[2]!)) keys.set(m[2]!, { line: i + firstLine, column: 1 });
  });
  return keys;
}
