/**
 * A judge of active content, by a real HTML parser (parse5, the WHATWG tree builder, as a browser
 * parses), independent of the sanitizer (sanitize-html on htmlparser2): what in a piece of HTML
 * could run code or load something in a reader's browser.
 *
 * Active: script-capable or embedding elements (script, iframe, object, embed, svg, math, form
 * controls, style, base, meta refresh…), any `on…` handler attribute, `style` or `srcdoc`
 * attributes, and any URL attribute whose scheme, read as the WHATWG URL parser reads it, is not
 * http, https or mailto (so `java&#9;script:` and `JaVaScRiPt:` are caught, and a relative
 * path is not).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DomUtils, parseDocument } from "htmlparser2";
import { parse, parseFragment } from "parse5";
import type { DefaultTreeAdapterTypes as T } from "parse5";

const ACTIVE_ELEMENTS = new Set([
  "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "form", "input", "button",
  "select", "textarea", "template", "noscript", "portal", "video", "audio", "source", "track", "link", "meta", "style", "xmp",
  "plaintext", "noembed", "noframes", "dialog", "details", "marquee", "canvas", "image", "isindex", "keygen",
]);

const URL_ATTRIBUTES = new Set([
  "href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc", "usemap", "xlink:href", "ping",
  "srcset", "manifest", "codebase", "archive", "lowsrc", "dynsrc", "icon",
]);

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** What a document page may hold of its own: its head's meta charset/viewport, alternate links and one style sheet. */
export interface PageAllowance {
  /** `<style>` in `<head>`, the page's own CSS. */
  headStyle?: boolean;
}

/**
 * The active content in `html`, each as a short description (empty when inert).
 * @param kind `fragment` for a body (content:encoded, content_html), `document` for a whole page.
 */
export function activeContent(html: string, kind: "fragment" | "document" = "fragment"): string[] {
  const root = kind === "document" ? parse(html) : parseFragment(html);
  const found: string[] = [];
  const visit = (node: T.ParentNode, inHead: boolean) => {
    for (const child of node.childNodes) {
      if (!("tagName" in child)) continue;
      const el = child as T.Element;
      const head = inHead || el.tagName === "head";
      if (ACTIVE_ELEMENTS.has(el.tagName) && !pageOwn(el, kind, head)) found.push(`<${el.tagName}>`);
      for (const a of el.attrs) {
        const name = (a.prefix ? `${a.prefix}:${a.name}` : a.name).toLowerCase();
        if (name.startsWith("on")) found.push(`${name} on <${el.tagName}>`);
        else if (name === "style" && !cellAlign(el, a.value)) found.push(`style on <${el.tagName}>`);
        else if (name === "srcdoc") found.push(`srcdoc on <${el.tagName}>`);
        else if (URL_ATTRIBUTES.has(name) && !safeUrl(name, a.value)) found.push(`${name}=${JSON.stringify(a.value)} on <${el.tagName}>`);
      }
      if (el.tagName === "template") visit((el as T.Template).content, head);
      visit(el, head);
    }
  };
  visit(root, false);
  return found;
}

/** A page's own head elements: meta charset/viewport, alternate links (http(s) or relative), its style. */
function pageOwn(el: T.Element, kind: "fragment" | "document", inHead: boolean): boolean {
  if (kind !== "document" || !inHead) return false;
  const attr = (n: string) => el.attrs.find((a) => a.name === n)?.value;
  if (el.tagName === "meta") return attr("http-equiv") === undefined;
  if (el.tagName === "link") return attr("rel") === "alternate";
  return el.tagName === "style";
}

/** Markdown tables write `style="text-align: …"` on cells; nothing else is let through. */
function cellAlign(el: T.Element, value: string): boolean {
  return (el.tagName === "td" || el.tagName === "th") && /^\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*$/i.test(value);
}

/** A URL whose scheme, as the WHATWG URL parser reads it, is http, https or mailto, or a relative one. */
function safeUrl(name: string, value: string): boolean {
  const candidates = name === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
  return candidates.every((u) => {
    try {
      const url = new URL(u, "https://base.invalid/");
      return SAFE_SCHEMES.has(url.protocol);
    } catch {
      return false;
    }
  });
}

/**
 * The HTML a feed carries, as a reader gets it after XML parsing (htmlparser2 in XML mode, CDATA
 * and references decoded): RSS `description` and `content:encoded`, Atom `content`, `summary`
 * and `title` of type html; JSON Feed `content_html`.
 */
export function feedHtml(name: string, text: string): string[] {
  if (name.endsWith(".json")) {
    const feed = JSON.parse(text) as { items?: { content_html?: string }[] };
    return (feed.items ?? []).flatMap((i) => (i.content_html === undefined ? [] : [i.content_html]));
  }
  const doc = parseDocument(text, { xmlMode: true });
  const html: string[] = [];
  for (const el of DomUtils.findAll(() => true, doc.children)) {
    const parent = el.parent && DomUtils.isTag(el.parent) ? el.parent.name : "";
    const isHtml = (el.name === "description" && parent === "item") || el.name === "content:encoded" ||
      (["content", "summary", "title", "rights", "subtitle"].includes(el.name) && el.attribs.type === "html");
    if (isHtml) html.push(DomUtils.textContent(el));
  }
  return html;
}

/**
 * Active content anywhere in an output folder, by file: every HTML page (index.html, feed views)
 * parsed whole, and every HTML field of every feed (RSS, Atom, JSON Feed, archive pages).
 * Dotfiles (the build's own state) are skipped; so is the XSL stylesheet, which is ours and static.
 */
export function activeInOutputs(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.slice(dir.length + 1).split("/").some((p) => p.startsWith("."))) continue;
    const text = readFileSync(path, "utf8");
    const where = path.slice(dir.length + 1);
    if (path.endsWith(".html")) found.push(...activeContent(text, "document").map((a) => `${where}: ${a}`));
    else if (path.endsWith(".xml") || path.endsWith(".json")) {
      for (const html of feedHtml(path, text)) found.push(...activeContent(html).map((a) => `${where}: ${a}`));
    }
  }
  return found;
}
