import matter from "gray-matter";
import yaml from "js-yaml";
import { finding, type Finding } from "./diagnostics.js";

/** Where a front-matter key was written, for diagnostics. */
export interface Position {
  line: number;
  column: number;
}

/** A story file split into its parts, before any validation. */
export interface ParsedText {
  kind: "markdown" | "raw";
  /** Front matter (empty for raw wire text). */
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
  /** Line and column of each top-level front-matter key. */
  keys: Map<string, Position>;
  findings: Finding[];
}

const refuseCode = (lang: string) => () => {
  throw new CodeFrontMatter(lang);
};

class CodeFrontMatter extends Error {
  constructor(readonly lang: string) {
    super(`front matter in ${lang} is code`);
  }
}

/**
 * gray-matter options, always passed: without options gray-matter caches parsed objects and
 * shares them between calls, and its default `js` engine would `eval` the front matter.
 * YAML uses js-yaml 4's core schema: no custom tags, and dates stay strings for our own
 * zone-aware parsing.
 */
const MATTER_OPTIONS = {
  language: "yaml",
  delimiters: "---",
  engines: {
    yaml: { parse: (s: string) => (yaml.load(s, { schema: yaml.CORE_SCHEMA, json: false }) ?? {}) as object },
    js: { parse: refuseCode("js") },
    javascript: { parse: refuseCode("javascript") },
    coffee: { parse: refuseCode("coffee") },
    coffeescript: { parse: refuseCode("coffeescript") },
  },
} as const;

/**
 * Splits a story's text: Markdown with YAML front matter (`kind` "markdown"), or raw wire text
 * (`kind` "raw", no front matter). Never throws: a front matter it cannot read is a finding.
 * @example parseText("---\ntitle: Hi\n---\nBody", "markdown").data // { title: "Hi" }
 */
export function parseText(text: string, kind: "markdown" | "raw"): ParsedText {
  const empty: ParsedText = { kind, data: {}, body: text, bodyLine: 1, keys: new Map(), findings: [] };
  if (kind === "raw") return empty;
  if (!/^---/.test(text)) {
    return { ...empty, findings: [finding("error", "missing-front-matter", "a .md story must start with `---` front matter (title, published, copyright…)")] };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, MATTER_OPTIONS as unknown as Parameters<typeof matter>[1]);
  } catch (err) {
    return { ...empty, findings: [frontMatterFinding(err)] };
  }
  if (!parsed.data || typeof parsed.data !== "object" || Array.isArray(parsed.data)) {
    return { ...empty, findings: [finding("error", "front-matter-not-mapping", "front matter must be a mapping of fields (key: value)", 2)] };
  }
  const fmLines = parsed.matter.split("\n").length;
  // The body starts after the opening `---`, the front-matter lines, and the closing `---`.
  const bodyLine = fmLines + 2;
  return { kind, data: parsed.data as Record<string, unknown>, body: parsed.content, bodyLine, keys: keyPositions(parsed.matter), findings: [] };
}

function frontMatterFinding(err: unknown): Finding {
  if (err instanceof CodeFrontMatter) {
    return finding("error", "front-matter-code", `front matter in ${err.lang} is code and is never run; use YAML`);
  }
  if (err instanceof yaml.YAMLException) {
    // gray-matter hands YAML the text after the opening `---`, newline included: mark line 0 is file line 1.
    const line = (err.mark?.line ?? 0) + 1;
    const column = (err.mark?.column ?? 0) + 1;
    return finding("error", "yaml-syntax", `YAML syntax: ${err.reason}`, line, column);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/engine .* is not registered/i.test(message)) {
    return finding("error", "front-matter-language", `front matter language is not supported (${message}); use YAML`);
  }
  return finding("error", "front-matter", `cannot read the front matter: ${message}`);
}

/** Top-level keys with their 1-based file positions; `fm` starts with the newline after the opening `---`. */
function keyPositions(fm: string): Map<string, Position> {
  const keys = new Map<string, Position>();
  fm.split("\n").forEach((text, i) => {
    // A top-level key starts at column 1: `key:` or `"key":`.
    const m = /^(["']?)([^\s:#"'][^:#"']*)\1\s*:(\s|$)/.exec(text);
    if (m && !keys.has(m[2]!)) keys.set(m[2]!, { line: i + 1, column: 1 });
  });
  return keys;
}
