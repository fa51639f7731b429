import { finding } from "../../model/diagnostics.js";
import { htmlBodyFindings, textBodyToHtml } from "../html.js";
import type { ParsedText, Position } from "../../ingest/parse.js";
import { Mapping, codeOf, present, safeId, versionValue } from "./mapping.js";
import { child, childrenNamed, descendants, elements, innerHtml, readXml, textOf, toData, type XmlElement } from "../../ingest/xml.js";
import { isText, itemClass, languageOf, main, nameOf, pos } from "./newsml-parts.js";
import { keepOtherItems, mapPicture, picturesOf } from "./newsml-pictures.js";

/**
 * IPTC NewsML-G2 to the data a Markdown story gives (pure, never throws): one part per text
 * `newsItem` of the file, in file order (#16). The file may hold a `newsItem` alone, or inside a
 * `newsMessage` (with or without a package); elements are matched by local name, so the G2
 * namespace may be declared, prefixed or left out. A file of several text items gives each part
 * its `item` (its place in the file: see `Story.item`). A file that holds no text item gives one
 * part, refused. The mapping table is docs/agency-formats.md.
 */
export function parseNewsmlItems(text: string): ParsedText[] {
  const { root, findings } = readXml(text);
  const refuse = (f = findings): ParsedText[] => [{ kind: "html", data: {}, body: "", bodyLine: 1, keys: new Map(), findings: f }];
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
  const pictureItems = items.filter((i) => !isText(i) && itemClass(i) === "picture");
  const picturesOfEach = textItems.map((item) => picturesOf(root, item, textItems, pictureItems));
  // Kept in `otherItems`: what goes with no text item of the file (a picture another text item publishes is not "other").
  const others = items.filter((i) => !isText(i) && !picturesOfEach.some((p) => p.includes(i)));
  return textItems.map((item, k) => {
    const m = mapItem(item, root);
    const pictures = picturesOfEach[k]!;
    for (const p of pictures) mapPicture(m, p, languageOf(p, root) ?? languageOf(item, root));
    keepOtherItems(m, others);
    const parsed = m.parsed();
    return textItems.length === 1 ? parsed : { ...parsed, item: { index: k + 1, line: item.line, column: item.column } };
  });
}

/** The first text item of a NewsML-G2 file (see {@link parseNewsmlItems}). */
export function parseNewsml(text: string): ParsedText {
  return parseNewsmlItems(text)[0]!;
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
