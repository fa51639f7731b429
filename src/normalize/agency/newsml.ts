import { finding } from "../../model/diagnostics.js";
import { htmlBodyFindings, textBodyToHtml } from "../html.js";
import type { ParsedText, Position } from "../../ingest/parse.js";
import { Mapping, codeOf, pictureCreditOf, pictureNotice, pixelsOf, present, renditionToPublish, safeId, versionValue } from "./mapping.js";
import { child, childrenNamed, descendants, elements, innerHtml, readXml, textOf, toData, type XmlElement } from "../../ingest/xml.js";

/**
 * IPTC NewsML-G2 to the data a Markdown story gives (pure, never throws). The file may hold a
 * `newsItem` alone, or inside a `newsMessage` (with or without a package); elements are matched
 * by local name, so the G2 namespace may be declared, prefixed or left out. The mapping table is
 * docs/agency-formats.md.
 */
export function parseNewsml(text: string): ParsedText {
  const { root, findings } = readXml(text);
  const refuse = (f = findings): ParsedText => ({ kind: "html", data: {}, body: "", bodyLine: 1, keys: new Map(), findings: f });
  if (!root) return refuse();
  const items = descendants(root, "newsItem");
  if (items.length === 0) {
    return refuse([finding("error", "g2-no-news-item", `the XML holds no NewsML-G2 newsItem (its root is <${root.name}>)`, root.line, root.column)]);
  }
  const textItems = items.filter((i) => isText(i));
  if (textItems.length === 0) {
    const first = items[0]!;
    const cls = child(child(first, "itemMeta"), "itemClass") ?? first;
    return refuse([finding("error", "g2-not-text", `the newsItem is a "${itemClass(first) ?? "?"}" item, not a text story; only text items are published`, cls.line, cls.column)]);
  }
  const item = textItems[0]!;
  const m = mapItem(item, root);
  for (const other of textItems.slice(1)) {
    m.warn("g2-more-items", `only the first text newsItem of a file is read; "${other.attrs.get("guid") ?? "?"}" is left out: deliver it in a file of its own`, pos(other));
  }
  const pictures = picturesOf(root, item, items.filter((i) => !isText(i) && itemClass(i) === "picture"));
  for (const p of pictures) mapPicture(m, p, languageOf(p, root) ?? languageOf(item, root));
  keepOtherItems(m, items.filter((i) => !isText(i) && !pictures.includes(i)));
  return m.parsed();
}

/** An item's class code: `text` for `ninat:text`. */
function itemClass(item: XmlElement): string | undefined {
  return codeOf(child(child(item, "itemMeta"), "itemClass")?.attrs.get("qcode") ?? child(child(item, "itemMeta"), "itemClass")?.attrs.get("uri"));
}

/** A text item, or one that does not say (an itemClass is required, but a missing one is no reason to drop a story). */
function isText(item: XmlElement): boolean {
  const cls = itemClass(item);
  return cls === undefined || cls === "text" || cls === "composite";
}

/**
 * The picture items of the file that go with the story, in the order the file gives them: those a
 * package's groups refer to (`packageItem/groupSet/group/itemRef/@residref`) or the text item
 * links to (`itemMeta/link/@residref`); when nothing refers to any item, every picture item of
 * the file (a newsMessage holding a text item and its pictures). A picture referred to by guid
 * but not in the file is not fetched.
 */
function picturesOf(root: XmlElement, text: XmlElement, pictures: readonly XmlElement[]): XmlElement[] {
  if (pictures.length === 0) return [];
  const refs = [
    ...descendants(root, "packageItem").flatMap((p) => descendants(p, "itemRef")),
    ...childrenNamed(child(text, "itemMeta"), "link"),
  ].map((r) => present(r.attrs.get("residref")) as string | undefined).filter((g): g is string => g !== undefined);
  if (refs.length === 0) return [...pictures];
  const byGuid = new Map(pictures.map((p) => [present(p.attrs.get("guid")) as string | undefined, p] as const));
  const out: XmlElement[] = [];
  for (const guid of refs) {
    const p = byGuid.get(guid);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * One picture newsItem as a picture of the story: the rendition is its largest `remoteContent`
 * at an https URL (`href`, `width`, `height`, `contenttype`, `size`); the caption its description
 * (a caption first), else its headline; the credit its `creditline`, else its photographer
 * (`by`, else the creators' names) and its copyright holder (else its provider); the copyright
 * and usage terms its own `rightsInfo`. Nothing is taken from the text item: a picture's rights
 * are its own.
 */
function mapPicture(m: Mapping, item: XmlElement, lang: string | undefined): void {
  const at = pos(item);
  const what = `the picture item "${item.attrs.get("guid") ?? "?"}"`;
  const renditions = childrenNamed(child(item, "contentSet"), "remoteContent").map((r) => ({
    url: present(r.attrs.get("href")) as string | undefined,
    width: pixelsOf(r.attrs.get("width")),
    height: pixelsOf(r.attrs.get("height")),
    type: present(r.attrs.get("contenttype")) as string | undefined,
    length: pixelsOf(r.attrs.get("size")),
  })).filter((r) => r.url !== undefined);
  const rendition = renditionToPublish(m, renditions, what, "remoteContent", at);
  if (rendition === undefined) return;
  const contentMeta = child(item, "contentMeta");
  const rights = child(item, "rightsInfo");
  const descriptions = childrenNamed(contentMeta, "description");
  const description = descriptions.find((d) => codeOf(d.attrs.get("role")) === "caption") ?? main(descriptions, "summary");
  const caption = present(textOf(description)) ?? present(textOf(main(childrenNamed(contentMeta, "headline"), "main")));
  const holder = nameOf(child(rights, "copyrightHolder"), lang);
  const provider = child(child(item, "itemMeta"), "provider");
  const photographer = (present(textOf(child(contentMeta, "by"))) as string | undefined) ??
    pictureCreditOf(...childrenNamed(contentMeta, "creator").map((c) => nameOf(c, lang)));
  m.picture({
    url: rendition.url,
    caption: caption as string | undefined,
    credit: (present(textOf(child(contentMeta, "creditline"))) as string | undefined) ?? pictureCreditOf(photographer, holder ?? nameOf(provider, lang)),
    copyright: pictureNotice(m, textOf(child(rights, "copyrightNotice")), holder, what, at),
    usage_terms: textOf(child(rights, "usageTerms")),
    width: rendition.width,
    height: rendition.height,
    type: rendition.type,
    length: rendition.length,
  }, at);
}

/** Items that came with the story and are not published with it (graphics, video, pictures no one refers to): kept in `_wire.source` by guid and class. */
function keepOtherItems(m: Mapping, items: readonly XmlElement[]): void {
  if (items.length === 0) return;
  m.keep("otherItems", items.map((i) => ({ guid: i.attrs.get("guid") ?? null, itemClass: itemClass(i) ?? null })));
}

const pos = (el: XmlElement | undefined): Position | undefined => (el ? { line: el.line, column: el.column } : undefined);

/** The name of a concept (`<subject><name>…`): the one in the item's language, else the first. */
function nameOf(el: XmlElement | undefined, language: string | undefined): string | undefined {
  const names = childrenNamed(el, "name");
  const inLanguage = language === undefined ? undefined : names.find((n) => n.attrs.get("xml:lang")?.toLowerCase() === language.toLowerCase());
  return present(textOf(inLanguage ?? names[0])) as string | undefined;
}

/** Headlines and descriptions: the main one (role hld:main or none) first. */
function main(list: XmlElement[], mainRole: string): XmlElement | undefined {
  return list.find((h) => (codeOf(h.attrs.get("role")) ?? mainRole) === mainRole) ?? list[0];
}

/** Subject types that are not categories: people, places, organisations, objects, events. */
const NOT_CATEGORIES = new Set(["person", "organisation", "organization", "geoArea", "poi", "object", "event"]);

/** What is read of each part of a newsItem; everything else there is kept in `_wire.source`. */
const READ = {
  item: new Set(["rightsInfo", "itemMeta", "contentMeta", "contentSet", "catalogRef", "catalog"]),
  itemMeta: new Set(["itemClass", "pubStatus", "embargoed", "versionCreated", "firstCreated", "signal", "provider", "edNote"]),
  contentMeta: new Set(["headline", "by", "creator", "located", "dateline", "subject", "language", "slugline", "description"]),
  rightsInfo: new Set(["copyrightHolder", "copyrightNotice", "usageTerms"]),
};

/** An item's language: its contentMeta's, else its `xml:lang`, else the file's. */
function languageOf(item: XmlElement, root: XmlElement): string | undefined {
  return present(child(child(item, "contentMeta"), "language")?.attrs.get("tag")) as string | undefined ?? (present(item.attrs.get("xml:lang") ?? root.attrs.get("xml:lang")) as string | undefined);
}

function mapItem(item: XmlElement, root: XmlElement): Mapping {
  const guid = present(item.attrs.get("guid")) as string | undefined;
  const standardVersion = item.attrs.get("standardversion") ?? root.attrs.get("standardversion");
  const m = new Mapping({ format: "newsml-g2", ...(standardVersion ? { version: standardVersion } : {}), ...(guid ? { uri: guid } : {}) });
  const itemMeta = child(item, "itemMeta");
  const contentMeta = child(item, "contentMeta");
  const rights = child(item, "rightsInfo");
  const language = languageOf(item, root);

  // Title and summary.
  const headline = main(childrenNamed(contentMeta, "headline"), "main");
  m.set("title", textOf(headline), pos(headline));
  const description = main(childrenNamed(contentMeta, "description"), "summary");
  m.set("summary", textOf(description), pos(description));

  // Byline: `by`, else the creators' names.
  const by = child(contentMeta, "by");
  m.set("byline", textOf(by), pos(by));
  const creators = childrenNamed(contentMeta, "creator");
  m.set("byline", creators.map((c) => nameOf(c, language) ?? ""), pos(creators[0]));

  // Rights: the notice, the holder (else the provider: the credit), the usage terms.
  const holder = child(rights, "copyrightHolder");
  const provider = child(itemMeta, "provider");
  const holderName = nameOf(holder, language);
  const notice = child(rights, "copyrightNotice");
  m.set("copyright", textOf(notice), pos(notice));
  if (present(textOf(notice)) === undefined && holderName !== undefined) {
    m.set("copyright", `© ${holderName}`, pos(holder));
    m.warn("copyright-from-holder", `no copyrightNotice: the notice is made from copyrightHolder ("© ${holderName}")`, pos(holder));
  }
  m.set("credit", holderName, pos(holder));
  m.set("credit", nameOf(provider, language) ?? codeOf(provider?.attrs.get("qcode")), pos(provider));
  const terms = child(rights, "usageTerms");
  m.set("usage_terms", textOf(terms), pos(terms));

  // Dateline: the dateline as written, else where the story was filed.
  const dateline = child(contentMeta, "dateline");
  const located = child(contentMeta, "located");
  m.set("dateline", textOf(dateline), pos(dateline));
  m.set("dateline", nameOf(located, language), pos(located));

  // Times.
  const first = child(itemMeta, "firstCreated");
  const versionCreated = child(itemMeta, "versionCreated");
  if (present(textOf(first)) !== undefined) {
    m.set("published", textOf(first), pos(first));
    m.set("updated", textOf(versionCreated), pos(versionCreated));
  } else {
    m.set("published", textOf(versionCreated), pos(versionCreated));
  }

  // The desk: embargo, status, version, and a correction signal.
  const embargoed = child(itemMeta, "embargoed");
  m.set("embargo", textOf(embargoed), pos(embargoed));
  const status = child(itemMeta, "pubStatus");
  m.set("status", codeOf(status?.attrs.get("qcode") ?? status?.attrs.get("uri")), pos(status));
  m.set("version", versionValue(present(item.attrs.get("version"))), pos(item));
  const signals = childrenNamed(itemMeta, "signal").map((s) => ({ el: s, code: codeOf(s.attrs.get("qcode") ?? s.attrs.get("uri")) }));
  const correction = signals.find((s) => s.code === "correction");
  const edNote = child(itemMeta, "edNote");
  if (correction) {
    // A correction's note is the editorial note that comes with it; without one, a plain notice.
    const note = present(textOf(edNote)) as string | undefined;
    m.set("correction", note ?? "This story has been corrected.", pos(edNote ?? correction.el));
    if (note === undefined) m.warn("correction-without-note", "a correction signal without an edNote: the correction reads \"This story has been corrected.\"", pos(correction.el));
  } else if (edNote) {
    m.keep("itemMeta/edNote", textOf(edNote));
  }
  for (const s of signals) if (s.code !== "correction" && s.code !== "update") m.keep("itemMeta/signal", toData(s.el));

  // Categories: subject names, but not people, places, organisations, objects or events.
  const allSubjects = childrenNamed(contentMeta, "subject");
  const isCategory = (s: XmlElement) => !NOT_CATEGORIES.has(codeOf(s.attrs.get("type")) ?? "");
  const subjects = allSubjects.filter(isCategory);
  m.set("categories", subjects.map((s) => nameOf(s, language) ?? ""), pos(subjects[0]));
  const others = allSubjects.filter((s) => !isCategory(s));
  if (others.length > 0) m.keep("contentMeta/subject", others.map(toData));

  m.set("language", language, pos(child(contentMeta, "language") ?? item));

  // Id: the guid made safe, else the slugline; else (as for Markdown) the file name.
  const slugline = child(contentMeta, "slugline");
  for (const [value, p, what] of [[guid, pos(item), "guid"], [present(textOf(slugline)) as string | undefined, pos(slugline), "slugline"]] as const) {
    if (value === undefined || "id" in m.data) continue;
    const id = safeId(value);
    if (id) m.set("id", id, p);
    else m.warn("g2-id", `${what} "${value.slice(0, 60)}" gives no usable id; the file name is the id`, p);
  }
  if (guid !== undefined && slugline) m.keep("contentMeta/slugline", textOf(slugline));

  // Body.
  const body = bodyOf(item);
  if (body) {
    m.body = body.html;
    m.bodyAt = body.at;
    m.findings.push(...htmlBodyFindings(body.html, body.at));
  }

  // What is not read, for partners.
  for (const el of elements(item)) if (!READ.item.has(el.name)) m.keep(el.name, toData(el));
  for (const [part, el] of [["itemMeta", itemMeta], ["contentMeta", contentMeta], ["rightsInfo", rights]] as const) {
    if (!el) continue;
    for (const c of elements(el)) if (!READ[part].has(c.name)) m.keep(`${part}/${c.name}`, toData(c));
  }
  return m;
}

/**
 * The item's body as HTML: an XHTML `inlineXML` (its `body`), else NITF (its `body.content`),
 * else a plain-text or HTML `inlineData`.
 */
function bodyOf(item: XmlElement): { html: string; at: Position } | undefined {
  const set = child(item, "contentSet");
  if (!set) return undefined;
  const inline = childrenNamed(set, "inlineXML");
  for (const x of inline) {
    const html = descendants(x, "html")[0];
    const body = html ? child(html, "body") : undefined;
    if (body || html) return { html: innerHtml(body ?? html!), at: pos(x)! };
  }
  for (const x of inline) {
    const content = descendants(x, "body.content")[0];
    if (content) return { html: innerHtml(content), at: pos(x)! };
  }
  for (const x of inline) if (elements(x).length > 0) return { html: innerHtml(x), at: pos(x)! };
  for (const d of childrenNamed(set, "inlineData")) {
    const type = d.attrs.get("contenttype") ?? "text/plain";
    const raw = d.children.filter((c): c is string => typeof c === "string").join("");
    if (raw.trim()) return { html: /html/i.test(type) ? raw : textBodyToHtml(raw), at: pos(d)! };
  }
  return undefined;
}
