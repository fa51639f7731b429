import { htmlToPlainText } from "../index.js";
import { htmlBodyFindings, textBodyToHtml } from "../html.js";
import { finding } from "../../model/diagnostics.js";
import type { ParsedText, Position } from "../../ingest/parse.js";
import { readJson } from "../../ingest/json.js";
import { field, isHtml, isObject, pick, plain } from "./ninjs-fields.js";
import { Mapping, pictureCreditOf, pictureNotice, pixelsOf, present, renditionToPublish, safeId, versionValue } from "./mapping.js";

/**
 * IPTC ninjs (News in JSON) to the data a Markdown story gives (pure, never throws).
 *
 * ninjs carries no version marker unless `standard` / `$standard` says so; the keys tell:
 * 1.x has `headline`, `body_html`, `byline`, `subject`, `person`…; 2.x has `headlines[]`,
 * `bodies[]`, `by`, `subjects[]`, `people[]`…; 3.x writes 2.x's keys in camelCase
 * (`firstCreated`, `pubStatus`, `copyrightHolder`), read here by their lowercase forms. The
 * mapping table is docs/agency-formats.md.
 */
export function parseNinjs(text: string): ParsedText {
  const doc = readJson(text);
  const refuse = (f = doc.findings): ParsedText => ({ kind: "html", data: {}, body: "", bodyLine: 1, keys: new Map(), findings: f });
  if (doc.value === undefined) return refuse();
  const obj = doc.value;
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return refuse([...doc.findings, finding("error", "ninjs-not-object", "a ninjs file holds one JSON object (a news item), not a list or a single value")]);
  }
  const item = obj as Record<string, unknown>;
  const at = (key: string | undefined): Position | undefined => (key === undefined ? undefined : doc.keys.get(key));
  // Keys by their lowercase form: ninjs 3.x's camelCase and 1.x/2.x's lowercase read alike.
  const byLower = new Map<string, string>();
  for (const key of Object.keys(item)) {
    const lower = ALIASES[key.toLowerCase()] ?? key.toLowerCase();
    if (!byLower.has(lower)) byLower.set(lower, key);
  }
  const version = ninjsVersion(item, byLower);
  const uriKey = byLower.get("uri");
  const m = new Mapping({ format: "ninjs", ...(version.name ? { version: version.name } : {}), ...(typeof item[uriKey ?? ""] === "string" && present(item[uriKey!]) ? { uri: (item[uriKey!] as string).trim() } : {}) });
  m.findings.push(...doc.findings);
  if (version.mixed) m.warn("ninjs-mixed-versions", `the item mixes ninjs 1.x keys (${version.mixed[0]}) with 2.x keys (${version.mixed[1]}); both are read`, at(version.mixed[0]));

  const used = new Set<string>();
  const take = (lower: string): [unknown, Position | undefined, string | undefined] => {
    const key = byLower.get(lower);
    if (key === undefined) return [undefined, undefined, undefined];
    used.add(key);
    return [item[key], at(key), key];
  };

  const [type, typeAt] = take("type");
  if (typeof type === "string" && !TEXT_TYPES.has(type)) {
    m.error("ninjs-not-text", `a ninjs "${type}" item is not a text story; only text items are published`, typeAt);
  }

  // Title: headlines[] (role main first), else headline.
  const [headlines, headlinesAt, headlinesKey] = take("headlines");
  const [headline, headlineAt] = take("headline");
  const main = pick(headlines, ["main", ""]);
  if (main) m.set("title", plain(main.entry), doc.keys.get(`${headlinesKey}/${main.index}/${main.valueKey}`) ?? headlinesAt);
  m.set("title", headline, headlineAt);

  // Body: an HTML body first (bodies[], body_html, body_xhtml), else a text one.
  const [bodies, bodiesAt, bodiesKey] = take("bodies");
  const bodyEntry = pick(bodies, ["main", "", "html", "text"], true);
  let body: { html: string; at?: Position } | undefined;
  if (bodyEntry) {
    const value = bodyEntry.entry.value;
    const p = doc.keys.get(`${bodiesKey}/${bodyEntry.index}/${bodyEntry.valueKey}`) ?? bodiesAt;
    if (typeof value === "string" && value.trim()) body = { html: isHtml(bodyEntry.entry) ? value : textBodyToHtml(value), at: p };
  }
  for (const name of ["body_html", "body_xhtml", "body_text"]) {
    const [value, p] = take(name);
    if (body === undefined && typeof value === "string" && value.trim()) body = { html: name === "body_text" ? textBodyToHtml(value) : value, at: p };
  }
  if (body) {
    m.body = body.html;
    m.bodyAt = body.at ?? { line: 1, column: 1 };
    m.findings.push(...htmlBodyFindings(body.html, m.bodyAt));
  }

  const [by, byAt] = take("by");
  const [byline, bylineAt] = take("byline");
  m.set("byline", by, byAt);
  m.set("byline", byline, bylineAt);

  // Rights: the notice, the holder (the credit), the usage terms.
  const [holder, holderAt] = take("copyrightholder");
  const [notice, noticeAt] = take("copyrightnotice");
  const [terms, termsAt] = take("usageterms");
  m.set("credit", holder, holderAt);
  m.set("copyright", notice, noticeAt);
  if (present(notice) === undefined && typeof present(holder) === "string") {
    m.set("copyright", `© ${present(holder) as string}`, holderAt);
    m.warn("copyright-from-holder", `no copyrightnotice: the notice is made from copyrightholder ("© ${present(holder) as string}")`, holderAt);
  }
  m.set("usage_terms", terms, termsAt);

  const [located, locatedAt] = take("located");
  m.set("dateline", located, locatedAt);

  // Times: firstcreated is publication, versioncreated the update (or publication, alone).
  const [first, firstAt] = take("firstcreated");
  const [versionCreated, versionCreatedAt] = take("versioncreated");
  if (present(first) !== undefined) {
    m.set("published", first, firstAt);
    m.set("updated", versionCreated, versionCreatedAt);
  } else {
    m.set("published", versionCreated, versionCreatedAt);
  }

  // The desk: embargo, status, version.
  const [embargoed, embargoedAt] = take("embargoed");
  m.set("embargo", embargoed, embargoedAt);
  const [status, statusAt] = take("pubstatus");
  m.set("status", status, statusAt);
  const [itemVersion, itemVersionAt] = take("version");
  m.set("version", versionValue(present(itemVersion)), itemVersionAt);

  // Categories: subjects' names, never people, places or organisations.
  for (const name of ["subjects", "subject"]) {
    const [subjects, subjectsAt] = take(name);
    const names = Array.isArray(subjects) ? subjects.map((s) => (isObject(s) ? present(field(s, "name")) : undefined)).filter((n) => n !== undefined) : [];
    if (!Array.isArray(subjects) && subjects !== undefined) m.warn("ninjs-subjects", `${name}: expected a list of subjects ({"name": …}); ignored`, subjectsAt);
    m.set("categories", names, subjectsAt);
  }

  const [language, languageAt] = take("language");
  m.set("language", language, languageAt);

  // Id: the item's URI made safe, else its slugline; else (as for Markdown) the file name.
  const [uri, uriAt] = take("uri");
  const [slugline, sluglineAt] = take("slugline");
  for (const [value, p, what] of [[uri, uriAt, "uri"], [slugline, sluglineAt, "slugline"]] as const) {
    if (typeof present(value) !== "string" || "id" in m.data) continue;
    const id = safeId(present(value) as string);
    if (id) m.set("id", id, p);
    else m.warn("ninjs-id", `${what} "${String(value).slice(0, 60)}" gives no usable id; the file name is the id`, p);
  }
  if (present(uri) !== undefined) m.keep("slugline", slugline);

  // Summary: descriptions[] (a summary first), else description_text / description_html.
  const [descriptions, descriptionsAt, descriptionsKey] = take("descriptions");
  const description = pick(descriptions, ["summary", "drol:summary", ""]);
  if (description) m.set("summary", plain(description.entry), doc.keys.get(`${descriptionsKey}/${description.index}/${description.valueKey}`) ?? descriptionsAt);
  for (const name of ["description_text", "description_html"]) {
    const [value, p] = take(name);
    m.set("summary", name === "description_html" && typeof value === "string" ? htmlToPlainText(value) : value, p);
  }

  // Associated items: pictures are the story's pictures; other media are kept for partners.
  const [associations, associationsAt, associationsKey] = take("associations");
  mapAssociations(m, associationsKey, associations, (path) => doc.keys.get(path), associationsAt);

  for (const key of Object.keys(item)) {
    if (used.has(key) || byLower.get("uri") === key) continue;
    m.keep(key, item[key]);
  }
  return m.parsed();
}

/**
 * ninjs `associations` (1.x an object by name, 2.x/3.x a list of objects with a `name`). Each of
 * type `picture` is one of the story's pictures, in the order given, with its own credit and
 * rights (see {@link associationPicture}); it is never kept in `_wire.source`, so a picture left
 * out for want of a credit is not published there either. Other associations (graphics, video,
 * audio, text) are kept there as they are.
 */
function mapAssociations(m: Mapping, key: string | undefined, associations: unknown, at: (path: string) => Position | undefined, keyAt: Position | undefined): void {
  if (key === undefined) return;
  const entries: { name: string; path: string; value: unknown }[] = [];
  if (Array.isArray(associations)) {
    associations.forEach((value, i) => {
      const name = isObject(value) ? present(field(value, "name")) : undefined;
      entries.push({ name: typeof name === "string" ? name : String(i), path: `${key}/${i}`, value });
    });
  } else if (isObject(associations)) {
    for (const [name, value] of Object.entries(associations)) entries.push({ name, path: `${key}/${name}`, value });
  } else {
    m.keep(key, associations);
    return;
  }
  const others = entries.filter((e) => !(isObject(e.value) && present(field(e.value, "type")) === "picture"));
  for (const e of entries) {
    if (others.includes(e)) continue;
    const picture = e.value as Record<string, unknown>;
    const first = Object.keys(picture)[0];
    // An association in a list has no key of its own: it is where its first key is.
    associationPicture(m, picture, e.name, e.path, (path) => at(path) ?? (first === undefined ? undefined : at(`${e.path}/${first}`)) ?? keyAt);
  }
  if (others.length === 0) return;
  m.keep(key, Array.isArray(associations) ? others.map((e) => e.value) : Object.fromEntries(others.map((e) => [e.name, e.value])));
}

/**
 * One ninjs picture association as a picture: the rendition is the largest at an https URL
 * (`href`, `width`, `height`, `mimetype` in 1.x or `contenttype`, `sizeinbytes`); the caption
 * its description (1.x `description_text`, 2.x `descriptions[]`), else its headline; the credit
 * its `by` (1.x `byline`) and its `copyrightholder`; the copyright its `copyrightnotice`;
 * `usageterms` its terms. Keys are read in any case, as the item's own are.
 */
function associationPicture(m: Mapping, a: Record<string, unknown>, name: string, path: string, at: (path: string) => Position | undefined): void {
  const where = at(path);
  const what = `the picture "${name}" (associations)`;
  const renditionList = field(a, "renditions");
  const renditions = (Array.isArray(renditionList) ? renditionList : isObject(renditionList) ? Object.values(renditionList) : [])
    .filter(isObject)
    .map((r) => ({
      url: typeof field(r, "href") === "string" ? (field(r, "href") as string).trim() : undefined,
      width: pixelsOf(field(r, "width")),
      height: pixelsOf(field(r, "height")),
      type: (present(field(r, "contenttype")) ?? present(field(r, "mimetype"))) as string | undefined,
      length: pixelsOf(field(r, "sizeinbytes")),
    }))
    .filter((r) => r.url !== undefined && r.url !== "");
  const rendition = renditionToPublish(m, renditions, what, "rendition", where);
  if (rendition === undefined) return;
  const descriptions = field(a, "descriptions");
  const description = pick(descriptions, ["caption", "text", "summary", ""]);
  const headline = pick(field(a, "headlines"), ["main", ""]);
  const descriptionHtml = field(a, "description_html");
  const caption = [
    description ? plain(description.entry) : undefined,
    field(a, "description_text"),
    typeof descriptionHtml === "string" ? htmlToPlainText(descriptionHtml) : undefined,
    headline ? plain(headline.entry) : undefined,
    field(a, "headline"),
  ].map(present).find((v): v is string => typeof v === "string");
  const holder = present(field(a, "copyrightholder")) as string | undefined;
  const by = [field(a, "by"), field(a, "byline")].map(present).find((v): v is string => typeof v === "string");
  m.picture({
    url: rendition.url,
    caption,
    credit: pictureCreditOf(by, typeof holder === "string" ? holder : undefined),
    copyright: pictureNotice(m, field(a, "copyrightnotice"), typeof holder === "string" ? holder : undefined, what, where),
    usage_terms: present(field(a, "usageterms")) as string | undefined,
    width: rendition.width,
    height: rendition.height,
    type: rendition.type,
    length: rendition.length,
  }, where);
}

/** ninjs item types that are text stories. */
const TEXT_TYPES = new Set(["text", "composite"]);

/** ninjs 3.x names that are not simply 2.x's in camelCase. */
const ALIASES: Record<string, string> = { embargoeduntil: "embargoed" };

/** Keys only ninjs 1.x has (or has with another shape), and keys only 2.x and later have. */
const V1_KEYS = new Set(["headline", "byline", "subject", "person", "organisation", "place", "event", "object", "infosource", "genre", "trustindicator", "$standard"]);
const V2_KEYS = new Set(["headlines", "bodies", "descriptions", "by", "subjects", "people", "organisations", "places", "events", "objects", "infosources", "genres", "trustindicators", "standard"]);

/** Which ninjs an item is: from `standard.version` when given, else from its keys. */
function ninjsVersion(item: Record<string, unknown>, byLower: ReadonlyMap<string, string>): { name?: string; mixed?: [string, string] } {
  for (const s of ["standard", "$standard"]) {
    const std = item[byLower.get(s) ?? ""];
    const v = isObject(std) ? field(std, "version") : undefined;
    if (typeof v === "string" && /^\d+(\.\d+)*$/.test(v.trim())) return { name: v.trim() };
  }
  const keys = Object.keys(item);
  const camel = keys.some((k) => k !== k.toLowerCase() && !k.startsWith("$"));
  const v1 = keys.find((k) => V1_KEYS.has(k) || /^(?:body|description|headline)_/.test(k));
  const v2 = keys.find((k) => V2_KEYS.has(k.toLowerCase()));
  if (camel) return { name: "3.x" };
  if (v1 && v2) return { name: "2.x", mixed: [v1, v2] };
  if (v2) return { name: "2.x" };
  if (v1) return { name: "1.x" };
  return {};
}
