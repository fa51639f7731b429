/**
 * The YAML reader front matter goes through (pure): js-yaml with the core schema and the limits
 * of {@link PARSE_LIMITS}, and what its errors become as findings.
 */
import yaml from "js-yaml";
import { finding, type Finding } from "../model/diagnostics.js";
import { PARSE_LIMITS } from "./limits.js";

/** An error that stops the YAML reader at a limit, carrying its rule. */
export class LimitError extends Error {
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
export function loadYaml(source: string): unknown {
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

/** A plain (unquoted) value holding `: `, the commonest YAML slip in a headline. */
const UNQUOTED_COLON = /^[\w-]+:[ \t]+[^\s"'[{|>&*!#][^#]*?:(?:[ \t]|$)/;

export function yamlFinding(err: unknown, source: string): Finding {
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
export function measure(data: object): Finding | undefined {
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
