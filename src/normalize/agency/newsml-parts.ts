/** What the NewsML-G2 reader and its picture mapping share: items' classes, concepts' names, positions. */
import type { Position } from "../../ingest/parse.js";
import { child, childrenNamed, textOf, type XmlElement } from "../../ingest/xml.js";
import { codeOf, present } from "./mapping.js";

/** An item's class code: `text` for `ninat:text`. */
export function itemClass(item: XmlElement): string | undefined {
  return codeOf(child(child(item, "itemMeta"), "itemClass")?.attrs.get("qcode") ?? child(child(item, "itemMeta"), "itemClass")?.attrs.get("uri"));
}

/** A text item, or one that does not say (an itemClass is required, but a missing one is no reason to drop a story). */
export function isText(item: XmlElement): boolean {
  const cls = itemClass(item);
  return cls === undefined || cls === "text" || cls === "composite";
}

export const pos = (el: XmlElement | undefined): Position | undefined => (el ? { line: el.line, column: el.column } : undefined);

/** The name of a concept (`<subject><name>…`): the one in the item's language, else the first. */
export function nameOf(el: XmlElement | undefined, language: string | undefined): string | undefined {
  const names = childrenNamed(el, "name");
  const inLanguage = language === undefined ? undefined : names.find((n) => n.attrs.get("xml:lang")?.toLowerCase() === language.toLowerCase());
  return present(textOf(inLanguage ?? names[0])) as string | undefined;
}

/** Headlines and descriptions: the main one (role hld:main or none) first. */
export function main(list: XmlElement[], mainRole: string): XmlElement | undefined {
  return list.find((h) => (codeOf(h.attrs.get("role")) ?? mainRole) === mainRole) ?? list[0];
}

/** An item's language: its contentMeta's, else its `xml:lang`, else the file's. */
export function languageOf(item: XmlElement, root: XmlElement): string | undefined {
  return present(child(child(item, "contentMeta"), "language")?.attrs.get("tag")) as string | undefined ?? (present(item.attrs.get("xml:lang") ?? root.attrs.get("xml:lang")) as string | undefined);
}
