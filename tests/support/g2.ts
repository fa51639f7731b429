/**
 * NewsML-G2 messages for tests, written after the IPTC NewsML-G2 2.33 specification: a
 * `newsMessage` whose `itemSet` holds text items (and, if asked, picture items), each one line
 * per element so a test can tell where each item starts.
 */

export interface G2Text {
  /** The item's guid (its id, made safe: `urn:newsml:example-wire.com:x` → `newsml-example-wire.com-x`). */
  guid: string;
  headline?: string;
  body?: string;
  /** Minute past 09:00 on 2026-11-20 (UTC) the item was first created: the feed order. */
  minute?: number;
  version?: number;
  /** Leave the rights out (no holder, no notice): the item is refused. */
  noRights?: boolean;
  /** `itemMeta/link/@residref` of the pictures the item links to. */
  links?: string[];
}

export interface G2Picture {
  guid: string;
  caption: string;
  url: string;
}

export const guidOf = (name: string) => `urn:newsml:example-wire.com:20261120:${name}`;
/** The story id a guid made by {@link guidOf} gives. */
export const idOf = (name: string) => `newsml-example-wire.com-20261120-${name}`;

export function g2Text(t: G2Text): string {
  const created = new Date(Date.UTC(2026, 10, 20, 9, t.minute ?? 0)).toISOString();
  const rights = t.noRights ? "" : [
    "      <rightsInfo>",
    "        <copyrightHolder><name>Example Wire</name></copyrightHolder>",
    "        <copyrightNotice>Copyright 2026 Example Wire. All rights reserved.</copyrightNotice>",
    "      </rightsInfo>",
  ].join("\n") + "\n";
  return [
    `    <newsItem guid="${guidOf(t.guid)}" version="${t.version ?? 1}" standard="NewsML-G2" standardversion="2.33" xml:lang="en">`,
    rights +
    "      <itemMeta>",
    "        <itemClass qcode=\"ninat:text\"/>",
    `        <firstCreated>${created}</firstCreated>`,
    "        <pubStatus qcode=\"stat:usable\"/>",
    ...(t.links ?? []).map((l) => `        <link rel="itemrel:seeAlso" residref="${guidOf(l)}"/>`),
    "      </itemMeta>",
    "      <contentMeta>",
    "        <by>By Amira Haddad</by>",
    `        <headline>${t.headline ?? `Story ${t.guid}`}</headline>`,
    "      </contentMeta>",
    "      <contentSet>",
    "        <inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>",
    `          <p>${t.body ?? `The body of ${t.guid}.`}</p>`,
    "        </body></html></inlineXML>",
    "      </contentSet>",
    "    </newsItem>",
  ].join("\n");
}

export function g2Picture(p: G2Picture): string {
  return [
    `    <newsItem guid="${guidOf(p.guid)}" version="1" standard="NewsML-G2" standardversion="2.33" xml:lang="en">`,
    "      <rightsInfo>",
    "        <copyrightHolder><name>Example Wire Photo</name></copyrightHolder>",
    "        <copyrightNotice>© 2026 Example Wire Photo</copyrightNotice>",
    "      </rightsInfo>",
    "      <itemMeta><itemClass qcode=\"ninat:picture\"/><versionCreated>2026-11-20T08:40:00Z</versionCreated></itemMeta>",
    "      <contentMeta><creator><name>Lotte Janssen</name></creator>",
    `        <description role="drol:caption">${p.caption}</description></contentMeta>`,
    `      <contentSet><remoteContent href="${p.url}" contenttype="image/jpeg" width="1600" height="1067" size="412672"/></contentSet>`,
    "    </newsItem>",
  ].join("\n");
}

/** A newsMessage holding the given items (made by {@link g2Text} and {@link g2Picture}) in that order. */
export function g2Message(...items: string[]): string {
  return [
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">",
    "  <header><sent>2026-11-20T08:46:00Z</sent><sender>example-wire.com</sender></header>",
    "  <itemSet>",
    ...items,
    "  </itemSet>",
    "</newsMessage>",
    "",
  ].join("\n");
}

/** The 1-based line of the `<newsItem` whose guid is made from `name`, in a message's text. */
export function lineOf(text: string, name: string): number {
  return text.split("\n").findIndex((l) => l.includes(`<newsItem guid="${guidOf(name)}"`)) + 1;
}
