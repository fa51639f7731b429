import { createRequire } from "node:module";
import type { SaxesParser as SaxesParserType, SaxesTagNS } from "saxes";
import { finding, positionOf, type Finding } from "../model/diagnostics.js";
import { escapeMarkup } from "../model/xml-chars.js";
import { PARSE_LIMITS } from "./limits.js";
import type { Position } from "./parse.js";

/** An XML element as the mappers read it: names without prefixes, so a namespace (or none) does not matter. */
export interface XmlElement {
  /** Local name: `newsItem` whatever its prefix or namespace. */
  name: string;
  /** Attributes by local name (`xml:lang` stays `xml:lang`). */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Where the start tag opens. */
  line: number;
  column: number;
}

export type XmlNode = XmlElement | string;

/** Most nesting of XML elements: a NewsML-G2 message with an XHTML body needs about twenty. */
export const XML_MAX_DEPTH = PARSE_LIMITS.frontMatterDepth * 4;

/** Most elements and attributes in one document. */
export const XML_MAX_NODES = PARSE_LIMITS.frontMatterValues * 5;

/** Most attributes on one element (namespace declarations included): G2 and XHTML use a handful. */
export const XML_MAX_ATTRIBUTES = 256;

/** A refusal raised from inside the parser's handlers: stops it at once. */
class Refusal extends Error {
  constructor(readonly found: Finding) {
    super(found.message);
  }
}

/**
 * saxes, loaded the first time an XML story is read: ~25 ms of every build's start went to
 * loading it, and most archives hold no XML (#20).
 */
let Parser: typeof SaxesParserType | undefined;
function saxes(): typeof SaxesParserType {
  return (Parser ??= (createRequire(import.meta.url)("saxes") as { SaxesParser: typeof SaxesParserType }).SaxesParser);
}

/**
 * Reads XML text into elements (pure, never throws), with saxes: a conforming, non-validating
 * parser that never reads a DTD, a file or a URL. A document type declaration (and so any entity
 * declaration, internal subset or external DTD) is refused the moment the parser meets it, before
 * anything after it is read, so no entity is ever expanded: billion laughs and quadratic blow-up
 * have nothing to grow from, and an undeclared entity reference is an error of its own. Only
 * XML's five predefined entities and character references are decoded. Nesting and size stop at
 * {@link XML_MAX_DEPTH} and {@link XML_MAX_NODES}.
 */
export function readXml(text: string): { root?: XmlElement; findings: Finding[] } {
  const parser = new (saxes())({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let nodes = 0;
  let opened: Position = { line: 1, column: 1 };
  const here = (): Position => ({ line: parser.line, column: parser.column + 1 });
  const refuse = (rule: string, message: string, at = here()): never => {
    throw new Refusal(finding("error", rule, message, at.line, at.column));
  };
  parser.on("doctype", (doctype) => {
    // saxes tells of a DOCTYPE once it has read to its end; the diagnostic points at its start.
    const start = text.lastIndexOf(`<!DOCTYPE${doctype}>`, parser.position);
    refuse("xml-doctype", "the document has a DOCTYPE; agency XML is read without one, so no DTD, entity or external reference is ever read or expanded: remove it", start === -1 ? here() : positionOf(text, start));
  });
  parser.on("processinginstruction", (pi) => {
    // xml-stylesheet and the like point elsewhere; they are never followed, so only noted.
    void pi;
  });
  let attributes = 0;
  parser.on("opentagstart", (tag) => {
    // saxes tells of a start tag once it has read the character after its name: `<` and the
    // name are that many characters back.
    opened = { line: parser.line, column: Math.max(1, parser.column - 1 - tag.name.length) };
    attributes = 0;
  });
  // Counted as the parser meets them, so a start tag with a million attributes stops early.
  parser.on("attribute", () => {
    if (++attributes > XML_MAX_ATTRIBUTES) refuse("xml-too-large", `an element has more than ${XML_MAX_ATTRIBUTES} attributes`, opened);
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (stack.length >= XML_MAX_DEPTH) refuse("xml-too-deep", `the document nests elements more than ${XML_MAX_DEPTH} deep`, opened);
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      const name = a.prefix === "xml" ? `xml:${a.local}` : a.prefix === "xmlns" || a.name === "xmlns" ? undefined : a.local;
      if (name !== undefined && !attrs.has(name)) attrs.set(name, a.value);
    }
    nodes += 1 + attrs.size;
    if (nodes > XML_MAX_NODES) refuse("xml-too-large", `the document holds more than ${XML_MAX_NODES} elements and attributes`, opened);
    const el: XmlElement = { name: tag.local, attrs, children: [], line: opened.line, column: opened.column };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root ??= el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const addText = (t: string) => {
    const parent = stack.at(-1);
    if (!parent) return;
    const last = parent.children.at(-1);
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + t;
    else parent.children.push(t);
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("error", (err) => {
    const message = err.message.replace(/^\d+:\d+: /, "");
    refuse(message.includes("undefined entity") ? "xml-entity" : "xml-syntax",
      message.includes("undefined entity")
        ? "XML: an entity reference that is not one of XML's five (&lt; &gt; &amp; &quot; &apos;) or a character reference; entities are never declared or expanded"
        : `XML syntax: ${message.replace(/\.$/, "")}`);
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof Refusal) return { findings: [err.found] };
    if (err instanceof RangeError) return { findings: [finding("error", "xml-too-deep", "the document nests too deeply to read")] };
    return { findings: [finding("error", "xml-syntax", `XML: ${(err as Error).message}`)] };
  }
  return root ? { root, findings: [] } : { findings: [finding("error", "xml-syntax", "XML: the file holds no element")] };
}

/** Child elements named `name`. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

/** The first child element named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return childrenNamed(el, name)[0];
}

/** Child elements. */
export function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== "string");
}

/** An element's text, its descendants' included, whitespace collapsed; "" when none. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return "";
  const parts: string[] = [];
  const stack: XmlNode[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === "string") parts.push(n);
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** Elements below `el` (itself included) named `name`, in document order. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.name === name) out.push(n);
    const kids = elements(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

const escapeAttr = (s: string) => escapeMarkup(s, "quoted");

/** Elements HTML writes without an end tag. */
const VOID = new Set(["br", "hr", "img", "wbr", "col", "area", "source", "track"]);

/** An element's content written back as HTML: the body an XHTML or NITF item carries, for the HTML path. */
export function innerHtml(el: XmlElement): string {
  const out: string[] = [];
  const stack: (XmlNode | { close: string })[] = [...el.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === "string") out.push(escapeMarkup(n));
    else if ("close" in n) out.push(`</${n.close}>`);
    else {
      const attrs = [...n.attrs].filter(([k]) => k !== "xml:lang").map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("");
      out.push(`<${n.name}${attrs}>`);
      if (VOID.has(n.name)) continue;
      stack.push({ close: n.name });
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return out.join("");
}

/**
 * An element as JSON data, for `_wire.source`: text alone as a string; otherwise attributes as
 * `@name`, child elements by name (a list when repeated) and text as `#text`.
 */
export function toData(el: XmlElement): unknown {
  const kids = elements(el);
  const text = el.children.filter((c): c is string => typeof c === "string").join("").replace(/\s+/g, " ").trim();
  if (kids.length === 0 && el.attrs.size === 0) return text;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of el.attrs) out[`@${k}`] = v;
  for (const k of kids) {
    const v = toData(k);
    const had = out[k.name];
    if (had === undefined) out[k.name] = v;
    else if (Array.isArray(had)) had.push(v);
    else out[k.name] = [had, v];
  }
  if (text) out["#text"] = text;
  return { ...out };
}
