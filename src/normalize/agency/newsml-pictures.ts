/** NewsML-G2 picture items: which go with a text item, and each as a picture of the story (#17). */
import { childrenNamed, child, descendants, textOf, type XmlElement } from "../../ingest/xml.js";
import { Mapping, codeOf, pictureCreditOf, pictureNotice, pixelsOf, present, renditionToPublish } from "./mapping.js";
import { itemClass, main, nameOf, pos } from "./newsml-parts.js";

/**
 * The picture items of the file that go with a text item, in this order: those a package's
 * groups refer to (`packageItem/groupSet/group/itemRef/@residref`; every group when the file
 * holds one text item, the groups that also refer to this text item when it holds several), then
 * those the text item links to (`itemMeta/link/@residref`). When the text item
 * refers to nothing, a file of one text item and its pictures gives it every picture item; in a
 * file of several text items nobody could tell whose such a picture is, so it goes with none
 * (it is listed in `otherItems`). A picture referred to by guid but not in the file is not fetched.
 */
export function picturesOf(root: XmlElement, text: XmlElement, texts: readonly XmlElement[], pictures: readonly XmlElement[]): XmlElement[] {
  if (pictures.length === 0) return [];
  const attr = (el: XmlElement, name: string) => present(el.attrs.get(name)) as string | undefined;
  const packages = descendants(root, "packageItem");
  const own = attr(text, "guid");
  const packaged = texts.length === 1
    ? packages.flatMap((p) => descendants(p, "itemRef"))
    : packages.flatMap((p) => descendants(p, "group"))
      .filter((g) => own !== undefined && descendants(g, "itemRef").some((r) => attr(r, "residref") === own))
      .flatMap((g) => descendants(g, "itemRef"));
  const refs = [...packaged, ...childrenNamed(child(text, "itemMeta"), "link")]
    .map((r) => attr(r, "residref")).filter((g): g is string => g !== undefined);
  if (refs.length === 0) return texts.length === 1 ? [...pictures] : [];
  const byGuid = new Map(pictures.map((p) => [attr(p, "guid"), p] as const));
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
export function mapPicture(m: Mapping, item: XmlElement, lang: string | undefined): void {
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
export function keepOtherItems(m: Mapping, items: readonly XmlElement[]): void {
  if (items.length === 0) return;
  m.keep("otherItems", items.map((i) => ({ guid: i.attrs.get("guid") ?? null, itemClass: itemClass(i) ?? null })));
}
