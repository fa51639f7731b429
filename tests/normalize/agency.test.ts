/**
 * Agency formats in (#16): IPTC ninjs 1.x, 2.x (and 3.x) and NewsML-G2 stories, each mapping of
 * docs/agency-formats.md in each format, built by the real pipeline into all three feeds and
 * judged by the outside validators. Documents are written here from the public IPTC schemas
 * (ninjs-schema_1.4.json, ninjs-schema_2.0.json, ninjs-schema_3.0.json) and the NewsML-G2 2.33
 * specification's examples.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import type { ParsedEntry } from "../validators.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree } from "../support/tree.js";
import { testConfig } from "../support/config.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/agency/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");
const SITE = "https://wire.example.org/";

function config(): Config {
  return testConfig({ siteUrl: SITE, publisher: "Example Desk", timeZone: "UTC" });
}

type Json = Record<string, unknown>;

/** One story of a mapping, in the three formats. */
interface Case {
  /** Name of the mapping, also the story's uri (so its id) and file name. */
  name: string;
  ninjs1: Json;
  ninjs2: Json;
  /** Parts of a NewsML-G2 newsItem (see {@link g2}). */
  g2: G2Parts;
  /** What all three feeds must show; `item` is undefined when the story must not be in the feeds. */
  expect: (seen: Seen) => void;
}

interface Seen {
  rss?: ParsedEntry;
  atom?: ParsedEntry;
  json?: Json & { _wire: Json };
  feeds: Feeds;
  diagnostics: Diagnostic[];
}

interface G2Parts {
  attrs?: string;
  rights?: string;
  itemMeta?: string;
  contentMeta?: string;
  contentSet?: string;
}

const BASE_BODY = "<p>The first paragraph of the story.</p><p>The second paragraph of the story.</p>";

/** A ninjs 1.x item: the base story with `change` applied (a key set to undefined is removed). */
function ninjs1(name: string, change: Json): string {
  return JSON.stringify(drop({
    uri: `urn:newsml:example-wire.com:2026:${name}`,
    type: "text",
    firstcreated: "2026-11-20T08:30:00Z",
    headline: `Headline of ${name}`,
    body_html: BASE_BODY,
    copyrightholder: "Example Wire",
    copyrightnotice: "Copyright 2026 Example Wire",
    ...change,
  }), null, 2);
}

/** A ninjs 2.x item, likewise. */
function ninjs2(name: string, change: Json): string {
  return JSON.stringify(drop({
    uri: `urn:newsml:example-wire.com:2026:${name}`,
    type: "text",
    firstcreated: "2026-11-20T08:30:00Z",
    headlines: [{ role: "main", value: `Headline of ${name}` }],
    bodies: [{ role: "main", contenttype: "text/html", value: BASE_BODY }],
    copyrightholder: "Example Wire",
    copyrightnotice: "Copyright 2026 Example Wire",
    ...change,
  }), null, 2);
}

function drop(obj: Json): Json {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

/** A NewsML-G2 newsItem in the G2 namespace: the base story, each part replaced when given. */
function g2(name: string, p: G2Parts): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example-wire.com:2026:${name}" standard="NewsML-G2" standardversion="2.33" ${p.attrs ?? 'version="1"'}>
  <rightsInfo>
    ${p.rights ?? "<copyrightHolder><name>Example Wire</name></copyrightHolder><copyrightNotice>Copyright 2026 Example Wire</copyrightNotice>"}
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    ${p.itemMeta ?? '<firstCreated>2026-11-20T08:30:00Z</firstCreated><pubStatus qcode="stat:usable"/>'}
  </itemMeta>
  <contentMeta>
    ${p.contentMeta ?? `<headline>Headline of ${name}</headline>`}
  </contentMeta>
  <contentSet>
    ${p.contentSet ?? `<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${BASE_BODY}</body></html></inlineXML>`}
  </contentSet>
</newsItem>
`;
}

const META = '<firstCreated>2026-11-20T08:30:00Z</firstCreated><pubStatus qcode="stat:usable"/>';

/** Text or HTML without the credit line every item's content and summary end with (#22). */
const withoutCredit = (s: unknown) => String(s ?? "").replace(/\n(<p class="wire-credit">.*<\/p>|By .*)$/, "");

/** The expectation "the story is in every feed and `check` holds for each". */
const inFeeds = (check: (s: Required<Pick<Seen, "rss" | "atom" | "json">> & Seen) => void) => (s: Seen) => {
  expect(s.rss, "in RSS").toBeDefined();
  expect(s.atom, "in Atom").toBeDefined();
  expect(s.json, "in JSON Feed").toBeDefined();
  check(s as Required<Pick<Seen, "rss" | "atom" | "json">> & Seen);
};

const CASES: Case[] = [
  {
    name: "title",
    ninjs1: { headline: "Crane collapse halts night shift", headline_extended: "A longer headline" },
    ninjs2: { headlines: [{ role: "extended", value: "A longer headline" }, { role: "main", value: "Crane collapse halts night shift" }] },
    g2: { contentMeta: '<headline role="hld:extended">A longer headline</headline><headline role="hld:main">Crane collapse halts night shift</headline>' },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.title).toBe("Crane collapse halts night shift");
      expect(json.title).toBe("Crane collapse halts night shift");
    }),
  },
  {
    name: "body-html",
    ninjs1: { body_html: '<div class="story"><p>Crews worked <b>through</b> the night.</p>\n<p>Berths reopen on Friday &amp; Saturday.</p></div>' },
    ninjs2: { bodies: [{ role: "main", contenttype: "text/html", value: '<div class="story"><p>Crews worked <b>through</b> the night.</p>\n<p>Berths reopen on Friday &amp; Saturday.</p></div>' }] },
    g2: { contentSet: '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><div class="story"><p>Crews worked <b>through</b> the night.</p>\n<p>Berths reopen on Friday &amp; Saturday.</p></div></body></html></inlineXML>' },
    expect: inFeeds(({ rss, atom, json }) => {
      // The agency's markup through the sanitizer: paragraphs and emphasis kept, the wrapping div dropped.
      const html = "<p>Crews worked <b>through</b> the night.</p>\n<p>Berths reopen on Friday &amp; Saturday.</p>";
      expect(withoutCredit(json.content_html)).toBe(html);
      for (const e of [rss, atom]) expect(e.content.join("")).toContain("Berths reopen on Friday &amp; Saturday.");
    }),
  },
  {
    name: "body-text",
    ninjs1: { body_html: undefined, body_text: "Crews worked through the night.\n\nBerths reopen on Friday." },
    ninjs2: { bodies: [{ contenttype: "text/plain", value: "Crews worked through the night.\n\nBerths reopen on Friday." }] },
    g2: { contentSet: '<inlineData contenttype="text/plain">Crews worked through the night.\n\nBerths reopen on Friday.</inlineData>' },
    expect: inFeeds(({ json }) => {
      expect(withoutCredit(json.content_html)).toBe("<p>Crews worked through the night.</p>\n<p>Berths reopen on Friday.</p>");
    }),
  },
  {
    name: "byline",
    ninjs1: { byline: "By Lea Brunner" },
    ninjs2: { by: "By Lea Brunner" },
    g2: { contentMeta: '<headline>Headline of byline</headline><creator uri="https://example-wire.com/staff/lb"><name>Lea Brunner</name></creator>' },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.author).toBe("Lea Brunner");
      expect(json.authors).toEqual([{ name: "Lea Brunner" }]);
      expect(json._wire.byline).toEqual(["Lea Brunner"]);
    }),
  },
  {
    name: "credit",
    ninjs1: { copyrightholder: "North Agency" },
    ninjs2: { copyrightholder: "North Agency" },
    g2: { rights: "<copyrightHolder><name>North Agency</name></copyrightHolder><copyrightNotice>Copyright 2026 Example Wire</copyrightNotice>" },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.source).toBe("North Agency");
      expect(json._wire.credit).toBe("North Agency");
    }),
  },
  {
    name: "copyright",
    ninjs1: { copyrightnotice: "Copyright 2026 North Agency. All rights reserved." },
    ninjs2: { copyrightnotice: "Copyright 2026 North Agency. All rights reserved." },
    g2: { rights: "<copyrightHolder><name>Example Wire</name></copyrightHolder><copyrightNotice>\n  Copyright 2026 North Agency. All rights reserved.\n</copyrightNotice>" },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.rights).toBe("Copyright 2026 North Agency. All rights reserved.");
      expect(json._wire.copyright).toBe("Copyright 2026 North Agency. All rights reserved.");
    }),
  },
  {
    name: "usage-terms",
    ninjs1: { usageterms: "Not for use outside Europe." },
    ninjs2: { usageterms: "Not for use outside Europe." },
    g2: { rights: "<copyrightHolder><name>Example Wire</name></copyrightHolder><copyrightNotice>Copyright 2026 Example Wire</copyrightNotice><usageTerms>Not for use outside Europe.</usageTerms>" },
    expect: inFeeds(({ json }) => {
      expect(json._wire.usage_terms).toBe("Not for use outside Europe.");
    }),
  },
  {
    name: "dateline",
    ninjs1: { located: "ROTTERDAM" },
    ninjs2: { located: "ROTTERDAM" },
    g2: { contentMeta: '<headline>Headline of dateline</headline><located qcode="geo:rtm"><name>ROTTERDAM</name></located>' },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.coverage).toBe("ROTTERDAM");
      expect(json._wire.dateline).toBe("ROTTERDAM");
    }),
  },
  {
    name: "times",
    ninjs1: { firstcreated: "2026-11-20T08:30:00+01:00", versioncreated: "2026-11-21T10:00:00+01:00" },
    ninjs2: { firstcreated: "2026-11-20T08:30:00+01:00", versioncreated: "2026-11-21T10:00:00+01:00" },
    g2: { itemMeta: '<versionCreated>2026-11-21T10:00:00+01:00</versionCreated><firstCreated>2026-11-20T08:30:00+01:00</firstCreated><pubStatus qcode="stat:usable"/>' },
    expect: inFeeds(({ rss, atom, json }) => {
      const instant = (s: unknown) => new Date(String(s)).toISOString();
      for (const published of [json.date_published, atom.published, rss.published]) expect(instant(published)).toBe("2026-11-20T07:30:00.000Z");
      for (const updated of [json.date_modified, atom.updated]) expect(instant(updated)).toBe("2026-11-21T09:00:00.000Z");
    }),
  },
  {
    name: "embargo-lifted",
    ninjs1: { embargoed: "2026-11-21T00:00:00Z" },
    ninjs2: { embargoed: "2026-11-21T00:00:00Z" },
    g2: { itemMeta: `${META}<embargoed>2026-11-21T00:00:00Z</embargoed>` },
    expect: inFeeds(() => {}),
  },
  {
    name: "embargo-future",
    ninjs1: { embargoed: "2026-12-24T00:00:00Z" },
    ninjs2: { embargoed: "2026-12-24T00:00:00Z" },
    g2: { itemMeta: `${META}<embargoed>2026-12-24T00:00:00Z</embargoed>` },
    expect: (s) => {
      expect([s.rss, s.atom, s.json]).toEqual([undefined, undefined, undefined]);
    },
  },
  {
    name: "withheld",
    ninjs1: { pubstatus: "withheld" },
    ninjs2: { pubstatus: "withheld" },
    g2: { itemMeta: '<firstCreated>2026-11-20T08:30:00Z</firstCreated><pubStatus qcode="stat:withheld"/>' },
    expect: (s) => {
      expect([s.rss, s.atom, s.json]).toEqual([undefined, undefined, undefined]);
    },
  },
  {
    name: "canceled",
    ninjs1: { pubstatus: "canceled" },
    ninjs2: { pubstatus: "canceled" },
    g2: { itemMeta: '<firstCreated>2026-11-20T08:30:00Z</firstCreated><pubStatus qcode="stat:canceled"/>' },
    expect: (s) => {
      expect([s.rss, s.atom, s.json]).toEqual([undefined, undefined, undefined]);
      const deleted = (s.feeds.json._wire as { deleted?: { id: string }[] }).deleted ?? [];
      expect(deleted.map((d) => d.id)).toContain(`${SITE}stories/newsml-example-wire.com-2026-canceled`);
      expect(s.feeds.atomText).toContain(`ref="${SITE}stories/newsml-example-wire.com-2026-canceled"`);
    },
  },
  {
    name: "version",
    ninjs1: { version: "4" },
    ninjs2: { version: "4" },
    g2: { attrs: 'version="4"' },
    expect: inFeeds(({ json }) => {
      expect(json._wire.version).toBe(4);
    }),
  },
  {
    name: "categories",
    ninjs1: { subject: [{ name: "Transport", code: "20000629" }, { name: "Accidents" }], person: [{ name: "Jan de Vries" }], place: [{ name: "Rotterdam" }], organisation: [{ name: "Port Authority" }] },
    ninjs2: { subjects: [{ name: "Transport", literal: "20000629" }, { name: "Accidents" }], people: [{ name: "Jan de Vries" }], places: [{ name: "Rotterdam" }], organisations: [{ name: "Port Authority" }] },
    g2: {
      contentMeta: '<headline>Headline of categories</headline><subject type="cpnat:abstract" qcode="medtop:20000629"><name>Transport</name></subject><subject qcode="medtop:03000000"><name>Accidents</name></subject>' +
        '<subject type="cpnat:person"><name>Jan de Vries</name></subject><subject type="cpnat:geoArea"><name>Rotterdam</name></subject><subject type="cpnat:organisation"><name>Port Authority</name></subject>',
    },
    expect: inFeeds(({ rss, atom, json }) => {
      for (const e of [rss, atom]) expect(e.tags).toEqual(["Transport", "Accidents"]);
      expect(json.tags).toEqual(["Transport", "Accidents"]);
    }),
  },
  {
    name: "language",
    ninjs1: { language: "de" },
    ninjs2: { language: "de" },
    g2: { contentMeta: '<headline>Headline of language</headline><language tag="de"/>' },
    expect: inFeeds(({ json }) => {
      expect(json.language).toBe("de");
    }),
  },
  {
    name: "id",
    ninjs1: { uri: "urn:newsml:example-wire.com:2026:id/../odd id?x=1" },
    ninjs2: { uri: "urn:newsml:example-wire.com:2026:id/../odd id?x=1" },
    g2: { attrs: 'version="1"' },
    expect: inFeeds(({ rss, atom, json }) => {
      const id = json.id as string;
      expect(id.startsWith(`${SITE}stories/newsml-example-wire.com-2026-id`)).toBe(true);
      expect(id.slice(`${SITE}stories/`.length)).toMatch(/^[A-Za-z0-9._-]+$/);
      for (const e of [rss, atom]) expect(e.id).toBe(id);
    }),
  },
  {
    name: "summary",
    ninjs1: { description_text: "A crane fell; nobody was hurt." },
    ninjs2: { descriptions: [{ role: "summary", contenttype: "text/plain", value: "A crane fell; nobody was hurt." }] },
    g2: { contentMeta: '<headline>Headline of summary</headline><description role="drol:summary">A crane fell; nobody was hurt.</description>' },
    expect: inFeeds(({ rss, atom, json }) => {
      expect(json.summary).toBe("A crane fell; nobody was hurt.");
      for (const e of [rss, atom]) expect(withoutCredit(e.summary)).toBe("A crane fell; nobody was hurt.");
    }),
  },
  {
    name: "empty-strings",
    ninjs1: { byline: "", located: "  ", usageterms: "", language: "" },
    ninjs2: { by: "", located: "  ", usageterms: "", language: "" },
    g2: { contentMeta: "<headline>Headline of empty-strings</headline><by></by><located><name>  </name></located>", rights: "<copyrightHolder><name>Example Wire</name></copyrightHolder><copyrightNotice>Copyright 2026 Example Wire</copyrightNotice><usageTerms/>" },
    expect: inFeeds(({ json }) => {
      expect(json._wire.byline).toEqual(["Example Wire"]);
      expect(json._wire).not.toHaveProperty("dateline");
      expect(json._wire).not.toHaveProperty("usage_terms");
      expect(json).not.toHaveProperty("language");
    }),
  },
];

interface Feeds {
  rss: { entries: ParsedEntry[] };
  atom: { entries: ParsedEntry[] };
  json: Json & { items: (Json & { _wire: Json })[] };
  atomText: string;
}

const FORMATS = {
  "ninjs 1.x": (c: Case) => ({ file: `${c.name}.json`, text: ninjs1(c.name, c.ninjs1) }),
  "ninjs 2.x": (c: Case) => ({ file: `${c.name}.json`, text: ninjs2(c.name, c.ninjs2) }),
  "NewsML-G2": (c: Case) => ({ file: `${c.name}.xml`, text: g2(c.name, c.g2) }),
} as const;

describe.each(Object.keys(FORMATS) as (keyof typeof FORMATS)[])("each mapping in %s, through to all three feeds", (format) => {
  let feeds: Feeds;
  let diagnostics: Diagnostic[];
  beforeAll(async () => {
    const root = makeTree({});
    mkdirSync(join(root, "stories"));
    for (const c of CASES) {
      const { file, text } = FORMATS[format](c);
      writeFileSync(join(root, "stories", file), text);
    }
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    diagnostics = result.diagnostics;
    const valid = expectValidFeeds(join(root, "out"));
    feeds = { ...valid, atomText: readFileSync(join(root, "out", "atom.xml"), "utf8") } as Feeds;
  });

  it("reads every story without an error", () => {
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const id = `${SITE}stories/newsml-example-wire.com-2026-${name}`;
    const match = (e: object) => { const v = (e as { id?: unknown }).id; return typeof v === "string" && v.startsWith(id); };
    c.expect({
      rss: feeds.rss.entries.find(match),
      atom: feeds.atom.entries.find(match),
      json: feeds.json.items.find(match),
      feeds,
      diagnostics: diagnostics.filter((d) => d.file.startsWith(`${name}.`)),
    });
  });
});

/** The picture of the harbour story, as every format gives it (#17). */
const HARBOUR_PICTURE = {
  url: "https://images.example-wire.com/2026/11/20/harbour-crane-1600.jpg",
  caption: "The fallen crane lies across berths 4 and 5 at the container terminal, Rotterdam, on Thursday night.",
  credit: "Lotte Janssen / Example Wire Photo",
  copyright: "© 2026 Example Wire Photo",
  usage_terms: "Editorial use only. No archiving.",
  width: 1600, height: 1067, type: "image/jpeg", length: 412672,
};

describe("the same story in ninjs 1.x, 2.x, 3.x and NewsML-G2", () => {
  const FILES = ["harbour-ninjs1.json", "harbour-ninjs2.json", "harbour-ninjs3.json", "harbour-g2.xml"];
  const built: Record<string, { rss: string; atom: string; json: Json & { _wire: Json }; diagnostics: Diagnostic[] }> = {};
  beforeAll(async () => {
    for (const file of FILES) {
      const root = makeTree({ [`stories/${file}`]: readFileSync(join(FIXTURES, file)) });
      const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
      const { json } = expectValidFeeds(join(root, "out"));
      const rss = readFileSync(join(root, "out", "rss.xml"), "utf8");
      const atom = readFileSync(join(root, "out", "atom.xml"), "utf8");
      built[file] = {
        rss: rss.slice(rss.indexOf("<item>"), rss.indexOf("</item>") + 7),
        atom: atom.slice(atom.indexOf("<entry"), atom.indexOf("</entry>") + 8),
        json: json.items[0],
        diagnostics: result.diagnostics,
      };
    }
  });

  it("is read from each without a problem", () => {
    for (const file of FILES) expect(built[file]!.diagnostics, file).toEqual([]);
  });

  it("gives the same item in RSS, Atom and JSON Feed (but for _wire.source)", () => {
    const [first, ...others] = FILES.map((f) => built[f]!);
    expect(first!.rss).toContain("<title>Harbour crane collapse halts night shift</title>");
    expect(first!.atom).toMatch(/^<entry[ >][^]*<\/entry>$/);
    expect(first!.json.content_html).toContain('"work will resume on Friday"');
    const withoutSource = (j: Json & { _wire: Json }) => ({ ...j, _wire: { ...j._wire, source: undefined } });
    // The picture (a ninjs association, a G2 picture item the package groups with the story):
    // its largest https rendition, with its own credit and rights, not the story's.
    expect(first!.json.image).toBe(HARBOUR_PICTURE.url);
    expect(first!.json._wire.images).toEqual([HARBOUR_PICTURE]);
    expect(first!.rss).toContain(`<media:content url="${HARBOUR_PICTURE.url}" medium="image" type="image/jpeg" fileSize="412672" width="1600" height="1067">`);
    for (const x of [first!.rss, first!.atom]) {
      expect(x).toContain("<media:credit>Lotte Janssen / Example Wire Photo</media:credit>");
      expect(x).toContain("<media:copyright>© 2026 Example Wire Photo</media:copyright>");
    }
    for (const other of others) {
      expect(other.rss).toBe(first!.rss);
      expect(other.atom).toBe(first!.atom);
      expect(withoutSource(other.json)).toEqual(withoutSource(first!.json));
    }
  });

  it("keeps each format's own identity and unmapped fields in _wire.source", () => {
    const source = (f: string) => built[f]!.json._wire.source as { format: string; version?: string; uri: string; unmapped: Json };
    expect(source("harbour-ninjs1.json")).toMatchObject({ format: "ninjs", version: "1.x", uri: "urn:newsml:example-wire.com:20261120:harbour-crane" });
    expect(source("harbour-ninjs2.json")).toMatchObject({ format: "ninjs", version: "2.x" });
    expect(source("harbour-ninjs3.json")).toMatchObject({ format: "ninjs", version: "3.0" });
    expect(source("harbour-g2.xml")).toMatchObject({ format: "newsml-g2", version: "2.33", uri: "urn:newsml:example-wire.com:20261120:harbour-crane" });
    expect(source("harbour-ninjs1.json").unmapped).toMatchObject({ urgency: 4, person: [{ name: "Jan de Vries", rel: "quoted" }] });
    expect(source("harbour-ninjs2.json").unmapped).toMatchObject({ ednote: "Updates with the port authority's statement.", people: [{ name: "Jan de Vries", rel: "quoted" }] });
    expect(source("harbour-g2.xml").unmapped).toMatchObject({
      "contentMeta/urgency": "4",
      "itemMeta/edNote": "Updates with the port authority's statement.",
      // People, places and organisations are not categories: kept, as ninjs's people[] are.
      "contentMeta/subject": [
        { "@type": "cpnat:person", "@qcode": "p:jdv", name: "Jan de Vries" },
        { "@type": "cpnat:geoArea", "@qcode": "geo:rotterdam", name: "Rotterdam" },
        { "@type": "cpnat:organisation", "@qcode": "org:por", name: "Port of Rotterdam Authority" },
      ],
    });
    // Mapped fields are not repeated there, and a picture is mapped, never kept as source.
    for (const f of FILES) {
      expect(Object.keys(source(f).unmapped)).not.toContain("copyrightnotice");
      expect(Object.keys(source(f).unmapped).filter((k) => /associations|otherItems/i.test(k)), f).toEqual([]);
    }
  });
});
