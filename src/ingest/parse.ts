import matter from "gray-matter";
import { finding, positionOf, type Finding } from "../model/diagnostics.js";
import type { BodyKind, StoryItem, WireSource } from "../model/story.js";
import { XML_FORBIDDEN } from "../model/xml-chars.js";
import { PARSE_LIMITS } from "./limits.js";
import { LimitError, loadYaml, measure, yamlFinding } from "./yaml.js";

export { PARSE_LIMITS };

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
  /** Markdown: where the body starts in the text (decoded, line breaks made LF); `body` is the text from there. */
  bodyOffset?: number;
  /** Line and column of each top-level front-matter key. */
  keys: Map<string, Position>;
  findings: Finding[];
  /** Where an agency format's body stands (the key or element holding it). */
  bodyAt?: Position;
  /** An agency format's identity and the fields wirefeed does not map (see `WireSource`). */
  source?: WireSource;
  /** Which item of a file of several this is (see `Story.item`). */
  item?: StoryItem;
}

/** Front matter written in a programming language: never run, whatever the engine. */
const CODE_LANGUAGES = new Set(["js", "javascript", "mjs", "cjs", "jsx", "ts", "typescript", "tsx", "coffee", "coffeescript", "cson"]);

/** Front matter languages read (JSON is YAML 1.2 too). */
const DATA_LANGUAGES = new Set(["", "yaml", "yml", "json"]);

/**
 * Characters XML 1.0 forbids (the body's `cleanText` removes them too), plus DEL and the C1
 * controls but NEL, which YAML refuses as "non-printable": in front matter they are removed
 * before YAML reads it, with a warning, so one stray byte from a CMS does not cost the story.
 */
const FRONT_MATTER_FORBIDDEN = new RegExp(`${XML_FORBIDDEN.source}|[\\u007F-\\u0084\\u0086-\\u009F]`, "gu");

/**
 * A cheap pre-filter for FRONT_MATTER_FORBIDDEN, as text.ts has for the body: it also takes NEL
 * and paired surrogates, so it may say yes to fine front matter but never no to bad; without
 * the lookarounds it reads the front matter in a third of the time.
 */
const MAYBE_FRONT_MATTER_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Names a language may be written in after `---` (gray-matter matches them as written). */
const spellings = (l: string) => [l, l.toUpperCase(), l[0]!.toUpperCase() + l.slice(1)];

/** What the data engine found in the front matter of the story being read (gray-matter calls it synchronously). */
let reading: { source: string; findings: Finding[] } = { source: "", findings: [] };

/**
 * The engine for every data language: the size limit first (the YAML reader's cost grows with
 * the text), then the characters YAML cannot hold removed with a warning, then our limited YAML
 * reader. gray-matter hands it the text after the opening line, so its line 0 is file line 1.
 */
function readData(matter: string): unknown {
  const source = matter.slice(matter.indexOf("\n") + 1);
  if (source.length > PARSE_LIMITS.frontMatterLength) {
    throw new LimitError("front-matter-too-large", `the front matter is ${source.length} characters, over the limit of ${PARSE_LIMITS.frontMatterLength}`);
  }
  reading = stripControls(source);
  return loadYaml(`\n${reading.source}`);
}

/** Refuses front matter written as code, whichever engine gray-matter would pick for it. */
const refuseCode = (): never => {
  throw new Error("front matter written as code is never run");
};

/** Reads nothing: for cutting out the body of a story already checked (see {@link bodyOf}). */
const skipData = (): unknown => ({});

/**
 * gray-matter options, always passed: without options gray-matter caches parsed objects by the
 * whole input and shares them between calls, and its default `js` engine would `eval` the front
 * matter. Every data language goes to `data`; code languages throw (they are refused before too).
 */
function matterOptions(data: (matter: string) => unknown): Parameters<typeof matter>[1] {
  const engines: Record<string, { parse: (s: string) => unknown }> = {};
  for (const l of DATA_LANGUAGES) if (l) for (const s of spellings(l)) engines[s] = { parse: data };
  for (const l of CODE_LANGUAGES) for (const s of spellings(l)) engines[s] = { parse: refuseCode };
  return { language: "yaml", engines } as unknown as Parameters<typeof matter>[1];
}

const MATTER_OPTIONS = matterOptions(readData);
const BODY_OPTIONS = matterOptions(skipData);

type MatterOptions = Parameters<typeof matter>[1];

/**
 * The options `cut` hands gray-matter for front matter whose language is written `name` (empty:
 * none written, so gray-matter's `language` option, "yaml"): the one engine the full table gives
 * that name, found as gray-matter finds it (the name as written, then its alias), and the code
 * engine gray-matter has built in refused. gray-matter copies the engine table three times per
 * call, and with the forty-five spellings of the full table that was ~40 µs a story, about as much
 * as reading its YAML. Made once per options and name.
 */
function optionsFor(options: MatterOptions, name: string): MatterOptions {
  let byName = narrowed.get(options);
  if (!byName) narrowed.set(options, (byName = new Map()));
  let small = byName.get(name);
  if (!small) {
    const table = (options as unknown as { engines: Record<string, { parse: (s: string) => unknown }> }).engines;
    const key = name || "yaml";
    const engine = table[key] ?? table[graymatterAlias(key)];
    const engines: Record<string, { parse: (s: string) => unknown }> = { javascript: { parse: refuseCode } };
    if (engine) engines[key] = engine;
    small = { language: "yaml", engines } as unknown as MatterOptions;
    byName.set(name, small);
  }
  return small;
}

const narrowed = new Map<MatterOptions, Map<string, MatterOptions>>();

/** The second name gray-matter looks an engine up by (its lib/engine.js `aliase`). */
function graymatterAlias(name: string): string {
  switch (name.toLowerCase()) {
    case "js": case "javascript": return "javascript";
    case "coffee": case "coffeescript": case "cson": return "coffee";
    case "yaml": case "yml": return "yaml";
    default: return name;
  }
}

/** A Markdown story's text cut by gray-matter: its front matter's language, data and body. */
interface Cut {
  data: unknown;
  body: string;
  bodyLine: number;
}

/**
 * Cuts `---[lang]` … `---` off the top of the text with gray-matter: its `language` names the
 * language, its engine for it reads the data, and it ends the front matter at the first line that
 * starts with `---`. The opening line is `---` and an optional language (`----` is a Markdown
 * rule, not front matter). Checked before gray-matter runs, each for one reason: that closing
 * line, which must hold nothing else (gray-matter would read an unclosed block, body and all, as
 * front matter, and drop what follows `---`); and the language (code is refused by name, never
 * handed to an engine).
 */
function cut(text: string, options: Parameters<typeof matter>[1]): Cut | Finding {
  if (!text.startsWith("---") || text.startsWith("----")) {
    return finding("error", "missing-front-matter", "a .md story must start with `---` front matter (title, published, copyright…)");
  }
  const close = text.indexOf("\n---", 3);
  const eol = close === -1 ? -1 : text.indexOf("\n", close + 4);
  const rest = close === -1 ? "" : text.slice(close + 4, eol === -1 ? text.length : eol);
  if (close === -1 || !/^[ \t]*$/.test(rest)) return finding("error", "front-matter-unclosed", "the front matter has no closing `---` line");
  const written = matter.language(text).name;
  const lang = written.toLowerCase();
  if (CODE_LANGUAGES.has(lang)) return finding("error", "front-matter-code", `front matter in ${lang} is code and is never run; use YAML`, 1, 4);
  if (!DATA_LANGUAGES.has(lang)) return finding("error", "front-matter-language", `front matter in "${lang.slice(0, 30)}" is not read; use YAML`, 1, 4);
  // gray-matter is handed the front matter and its closing line, not the body: it looks every
  // text up in its cache by the whole string (options or not), and hashing a story's body for
  // that cost more than cutting and reading its front matter (#20). Its data is the same, and the
  // body is what it would leave after that closing line.
  const file = matter(eol === -1 ? text : text.slice(0, eol + 1), optionsFor(options, written));
  let closeLine = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i <= close; i = text.indexOf("\n", i + 1)) closeLine++;
  const body = eol === -1 ? "" : text.slice(eol + 1);
  return { data: file.data, body, bodyLine: closeLine + 1 };
}

/**
 * Splits a story's text: Markdown with YAML front matter (`kind` "markdown"), or raw wire text
 * (`kind` "raw", no front matter). Never throws: what it cannot read is a finding.
 *
 * Front matter is data, never code: gray-matter cuts it and names its language, and reads it with
 * engines that only read YAML, within {@link PARSE_LIMITS} (see `cut` and `readData`).
 * Line breaks become LF first, so CRLF and CR files read the same and keep their line numbers.
 * The body is not judged here: it is text (raw wire text) or Markdown whose HTML the sanitizer
 * cleans when it is rendered (see `assembleStory`); no line is too long to read.
 *
 * @example parseText("---\ntitle: Hi\n---\nBody", "markdown").data // { title: "Hi" }
 */
export function parseText(input: string, kind: "markdown" | "raw"): ParsedText {
  const text = normalizeBreaks(input);
  const base: ParsedText = { kind, data: {}, body: text, bodyLine: 1, bodyOffset: 0, keys: new Map(), findings: [] };
  const refuse = (f: Finding): ParsedText => ({ ...base, findings: [f] });
  if (!/\S/.test(text)) return refuse(finding("error", "empty-file", "the file is empty"));
  if (kind === "raw") return base;

  reading = { source: "", findings: [] };
  let split: Cut | Finding;
  try {
    split = cut(text, MATTER_OPTIONS);
  } catch (err) {
    return refuse(yamlFinding(err, reading.source));
  }
  if ("rule" in split) return refuse(split);
  const { source, findings } = reading;
  const data = split.data ?? {};
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return refuse(finding("error", "front-matter-not-mapping", "front matter must be a mapping of fields (key: value)", 2));
  }
  const size = measure(data);
  if (size !== undefined) return refuse(size);
  // gray-matter's body is the end of the text: where it starts is told by its length.
  const bodyOffset = text.length - split.body.length;
  return { kind, data: data as Record<string, unknown>, body: split.body, bodyLine: split.bodyLine, bodyOffset, keys: keyPositions(source, 2), findings };
}

/**
 * The body of a story's text, cut as {@link parseText} cuts it but without reading the front
 * matter: for rendering a story already catalogued (and so already checked). Raw text is all body.
 * With `at`, the `bodyOffset` that {@link parseText} found in this same text, the body is the text
 * from there: a second cut by gray-matter cost a cold build more than rendering the body did.
 */
export function bodyOf(input: string, kind: "markdown" | "raw", at?: number): string {
  const text = normalizeBreaks(input);
  if (kind === "raw") return text;
  if (at !== undefined) return text.slice(at);
  const split = cut(text, BODY_OPTIONS);
  return "rule" in split ? "" : split.body;
}

function normalizeBreaks(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r") ? noBom.replace(/\r\n?/g, "\n") : noBom;
}

/** Removes the characters YAML and XML refuse from front matter, with one warning at the first (file position). */
function stripControls(source: string): { source: string; findings: Finding[] } {
  if (!MAYBE_FRONT_MATTER_FORBIDDEN.test(source)) return { source, findings: [] };
  const first = source.search(FRONT_MATTER_FORBIDDEN);
  if (first === -1) return { source, findings: [] };
  const count = source.match(FRONT_MATTER_FORBIDDEN)!.length;
  // `source` starts on the file's second line, after the opening `---`.
  const at = positionOf(source, first);
  const line = at.line + 1, column = at.column;
  const what = count === 1 ? "1 control character" : `${count} control characters`;
  return {
    source: source.replace(FRONT_MATTER_FORBIDDEN, ""),
    findings: [finding("warning", "xml-forbidden-char", `removed ${what} from the front matter that XML 1.0 forbids or YAML cannot hold`, line, column)],
  };
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
