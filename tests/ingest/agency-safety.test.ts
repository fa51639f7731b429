/**
 * Agency files are read safely by construction (#16): malformed JSON and XML, XML external
 * entities (file and parameter), an external DTD, billion laughs, quadratic blow-up, a repeated
 * DOCTYPE and JSON `__proto__` keys each give a diagnostic at a line and column, never a hang,
 * and nothing is ever read: entities point at a FIFO (opening one to read blocks until a writer
 * comes, so a reader that followed the reference would hang the test) and at a real HTTP server
 * on 127.0.0.1 that counts its requests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/build.js";
import type { Config } from "../../src/config/config.js";
import { formatText, type Diagnostic } from "../../src/model/diagnostics.js";
import { storyFromBytes } from "../../src/normalize/from-bytes.js";
import { expectValidFeeds } from "../support/judge.js";
import { makeTree } from "../support/tree.js";
import { close, listen } from "../support/http.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-11-24T12:00:00Z");
const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function config(): Config {
  return testConfig({ siteUrl: "https://wire.example.org/", publisher: "Example Desk", timeZone: "UTC" });
}

const read = (file: string, text: string) => storyFromBytes(file, Buffer.from(text), NOW, config(), true);
const rules = (ds: readonly Diagnostic[]) => ds.map((d) => d.rule);

const NINJS = {
  uri: "urn:newsml:example-wire.com:2026:safe",
  firstcreated: "2026-11-20T08:30:00Z",
  headline: "A headline",
  body_html: "<p>A paragraph.</p>",
  copyrightholder: "Example Wire",
  copyrightnotice: "Copyright 2026 Example Wire",
};

/** A complete, valid NewsML-G2 newsItem, with `prolog` before it. */
function g2(prolog = "", headline = "A headline"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
${prolog}
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example-wire.com:2026:safe" version="1">
  <rightsInfo><copyrightHolder><name>Example Wire</name></copyrightHolder><copyrightNotice>Copyright 2026 Example Wire</copyrightNotice></rightsInfo>
  <itemMeta><itemClass qcode="ninat:text"/><firstCreated>2026-11-20T08:30:00Z</firstCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><headline>${headline}</headline></contentMeta>
  <contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body><p>A paragraph.</p></body></html></inlineXML></contentSet>
</newsItem>
`;
}

let server: Server;
let requests = 0;
let origin = "";
let fifoDir = "";
let fifo = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.end('<!ENTITY leak "leaked">');
  });
  await listen(server);
  const address = server.address();
  origin = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  fifoDir = makeTree({}, "wirefeed-fifo-");
  fifo = join(fifoDir, "secret");
  execFileSync("mkfifo", [fifo]);
});

afterAll(async () => {
  await close(server);
  rmSync(fifoDir, { recursive: true, force: true });
});

describe("malformed input is a diagnostic at its line and column", () => {
  it("JSON: a missing comma, at the key after it", () => {
    const text = '{\n  "uri": "urn:x",\n  "headline": "A headline"\n  "body_html": "<p>x</p>"\n}\n';
    const { story, diagnostics } = read("a.json", text);
    expect(story).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ rule: "json-syntax", line: 4, column: 3, severity: "error" })]);
    expect(diagnostics[0]!.message).toMatch(/expected "," or "}"/);
  });

  it("JSON: an unclosed string, a trailing comma, a lone value, an empty file", () => {
    expect(read("a.json", '{"uri": "urn:x,\n"a": 1}').diagnostics[0]).toMatchObject({ rule: "json-syntax", line: 1, column: 16 });
    expect(read("a.json", '{"uri": "urn:x",\n}').diagnostics[0]).toMatchObject({ rule: "json-syntax", line: 2, column: 1 });
    expect(rules(read("a.json", '"just a string"').diagnostics)).toEqual(["ninjs-not-object"]);
    expect(rules(read("a.json", "  \n").diagnostics)).toEqual(["json-syntax"]);
  });

  it("XML: a mismatched end tag, at the parser's position", () => {
    const text = g2().replace("</headline>", "</head>");
    const { story, diagnostics } = read("a.xml", text);
    expect(story).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: "xml-syntax", line: 6, severity: "error" });
    expect(diagnostics[0]!.column).toBeGreaterThan(1);
  });

  it("XML: not XML at all, and XML that is not NewsML-G2", () => {
    expect(rules(read("a.xml", "hello").diagnostics)).toEqual(["xml-syntax"]);
    expect(rules(read("a.xml", '<rss version="2.0"><channel/></rss>').diagnostics)).toEqual(["g2-no-news-item"]);
  });
});

describe("problems with values are reported where the value's key stands", () => {
  it("ninjs: a nested headline, a version, a status, a date, a G2 element", () => {
    const text = JSON.stringify({ ...NINJS, headline: undefined, headlines: [{ role: "sub", value: "x" }, { role: "main", value: 5 }], version: "v2", pubstatus: "killed" }, null, 2);
    const lines = text.split("\n");
    const at = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return { line: line + 1, column: lines[line]!.indexOf('"') + 1 };
    };
    const { diagnostics } = read("a.json", text);
    expect(diagnostics).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: "invalid-title", ...at('"value": 5') }),
      expect.objectContaining({ rule: "invalid-version", ...at('"version"') }),
      expect.objectContaining({ rule: "invalid-status", ...at('"pubstatus"') }),
    ]));
    const xml = read("a.xml", g2().replace("<firstCreated>2026-11-20T08:30:00Z</firstCreated>", "<firstCreated>yesterday</firstCreated>"));
    expect(xml.diagnostics).toEqual([expect.objectContaining({ rule: "invalid-published", line: 5, column: 44 })]);
  });
});

describe("DTDs and entities are refused, never read or expanded", () => {
  const doctypes: Record<string, () => string> = {
    "XXE, a file entity": () => `<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file://${fifo}">]>`,
    "XXE, a parameter entity": () => `<!DOCTYPE newsItem [<!ENTITY % p SYSTEM "${origin}/p.dtd"> %p; <!ENTITY % f SYSTEM "file://${fifo}"> %f;]>`,
    "an external DTD": () => `<!DOCTYPE newsItem SYSTEM "${origin}/newsml.dtd">`,
    "an external DTD by public id": () => `<!DOCTYPE newsItem PUBLIC "-//IPTC//DTD NewsML-G2//EN" "${origin}/public.dtd">`,
    "billion laughs": () => `<!DOCTYPE newsItem [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("")}]>`,
    "quadratic blow-up": () => `<!DOCTYPE newsItem [<!ENTITY a "${"a".repeat(50_000)}">]>`,
    "a repeated DOCTYPE": () => '<!DOCTYPE newsItem><!DOCTYPE newsItem [<!ENTITY x "y">]>',
  };
  const references: Record<string, string> = {
    "XXE, a file entity": "&xxe;",
    "billion laughs": "&lol9;",
    "quadratic blow-up": "&a;".repeat(20_000),
  };

  it.each(Object.keys(doctypes))("%s", async (name) => {
    const prolog = doctypes[name]!();
    const text = g2(prolog, `A headline ${references[name] ?? ""}`);
    const { story, diagnostics } = read("a.xml", text);
    expect(story).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: "xml-doctype", severity: "error", line: 2, column: 1 });
    expect(diagnostics[0]!.message).toMatch(/DOCTYPE/);
    // Give any request that was sent time to arrive: none may.
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toBe(0);
  });

  it("an entity reference without a DOCTYPE is refused, not expanded", () => {
    const { story, diagnostics } = read("a.xml", g2("", "A &ent; headline"));
    expect(story).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ rule: "xml-entity", line: 6 })]);
  });

  it("XML's own five entities and character references are read", () => {
    const { story } = read("a.xml", g2("", "Fish &amp; chips &lt;3 &#8364;5 &#x263A;"));
    expect(story?.title).toBe("Fish & chips <3 €5 ☺");
  });

  it("nesting past the limit is refused, JSON and XML", () => {
    const deep = `${"[".repeat(40)}${"]".repeat(40)}`;
    expect(rules(read("a.json", JSON.stringify({ ...NINJS, x: "@" }).replace('"@"', deep)).diagnostics)).toEqual(["json-too-deep"]);
    const xml = g2().replace("<p>A paragraph.</p>", `${"<div>".repeat(100)}x${"</div>".repeat(100)}`);
    expect(rules(read("a.xml", xml).diagnostics)).toEqual(["xml-too-deep"]);
  });

  it("a build and `wirefeed check` say so at file:line:col, and publish the good stories", async () => {
    const root = makeTree({
      "stories/good.json": JSON.stringify(NINJS),
      "stories/xxe.xml": g2(doctypes["XXE, a file entity"]!(), "&xxe;"),
      "stories/dtd.xml": g2(doctypes["an external DTD"]!()),
      "stories/bad-date.json": JSON.stringify({ ...NINJS, uri: "urn:x:bad-date", firstcreated: "soon" }, null, 2),
    });
    const result = await build({ config: config(), stories: join(root, "stories"), out: join(root, "out"), now: NOW });
    expect(result.diagnostics.map(formatText)).toEqual([
      expect.stringMatching(/^bad-date\.json:3:3 {2}error {2}published: "soon" is not an ISO 8601 date-time.* {2}\[invalid-published\]$/),
      expect.stringMatching(/^dtd\.xml:2:1 {2}error {2}the document has a DOCTYPE.* {2}\[xml-doctype\]$/),
      expect.stringMatching(/^xxe\.xml:2:1 {2}error {2}the document has a DOCTYPE.* {2}\[xml-doctype\]$/),
    ]);
    const { json } = expectValidFeeds(join(root, "out"));
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(["A headline"]);
    const check = spawnSync(process.execPath, [CLI, "check", "--stories", join(root, "stories")], { cwd: root, encoding: "utf8" });
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/^xxe\.xml:2:\d+ {2}error {2}the document has a DOCTYPE/m);
    expect(check.stderr).toMatch(/^bad-date\.json:3:3 {2}error {2}published: /m);
    expect(check.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(requests).toBe(0);
  });
});

describe("a JSON key cannot reach a prototype", () => {
  it("__proto__ at the top and nested is dropped with a warning at its key; the story is published", () => {
    const text = `{
  "uri": "urn:newsml:example-wire.com:2026:proto",
  "__proto__": { "polluted": "yes", "copyrightnotice": "forged" },
  "firstcreated": "2026-11-20T08:30:00Z",
  "headline": "A headline",
  "body_html": "<p>A paragraph.</p>",
  "copyrightholder": "Example Wire",
  "copyrightnotice": "Copyright 2026 Example Wire",
  "altids": { "__proto__": { "polluted": "yes" }, "agency": "123" }
}`;
    const { story, diagnostics } = read("proto.json", text);
    expect(diagnostics).toEqual([
      expect.objectContaining({ rule: "json-prototype-key", severity: "warning", line: 3, column: 3 }),
      expect.objectContaining({ rule: "json-prototype-key", severity: "warning", line: 9, column: 15 }),
    ]);
    expect(story?.copyright).toBe("Copyright 2026 Example Wire");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const unmapped = story!.source!.unmapped!;
    expect(Object.keys(unmapped)).toEqual(["altids"]);
    expect(Object.getPrototypeOf(unmapped.altids)).toBe(Object.prototype);
    expect(JSON.stringify(unmapped)).not.toContain("polluted");
  });
});

describe("rights and other refusals", () => {
  it("missing rights are an error in each format; a holder alone makes the notice, with a warning", () => {
    const { copyrightholder: _h, copyrightnotice: _n, ...bare } = NINJS;
    expect(rules(read("a.json", JSON.stringify(bare)).diagnostics)).toContain("missing-copyright");
    expect(rules(read("a.json", JSON.stringify({ ...bare, copyrightnotice: "", copyrightholder: "  " })).diagnostics)).toContain("missing-copyright");
    const noRights = g2().replace(/<rightsInfo>.*<\/rightsInfo>/, "");
    expect(rules(read("a.xml", noRights).diagnostics)).toContain("missing-copyright");
    const holderOnly = read("a.json", JSON.stringify({ ...bare, copyrightholder: "NTB" }));
    expect(holderOnly.story?.copyright).toBe("© NTB");
    expect(rules(holderOnly.diagnostics)).toEqual(["copyright-from-holder"]);
  });

  it("a ninjs picture and a G2 picture item are not stories", () => {
    expect(rules(read("a.json", JSON.stringify({ ...NINJS, type: "picture" })).diagnostics)).toContain("ninjs-not-text");
    expect(rules(read("a.xml", g2().replace("ninat:text", "ninat:picture")).diagnostics)).toEqual(["g2-not-text"]);
  });

  it("active content in an HTML body is removed, reported at the body's key, and the story published", () => {
    const { story, diagnostics } = read("a.json", JSON.stringify({ ...NINJS, body_html: "<p>x</p><script>alert(1)</script>" }, null, 2));
    expect(diagnostics).toEqual([expect.objectContaining({ rule: "unsafe-html-removed", severity: "warning", line: 5, column: 3 })]);
    expect(story?.contentHtml).toBe("<p>x</p>");
  });
});

describe("NewsML-G2 shapes", () => {
  it("reads an item without the G2 namespace, and each text item of a message as a story", () => {
    const plain = g2().replace(' xmlns="http://iptc.org/std/nar/2006-10-01/"', "");
    expect(read("a.xml", plain).story?.title).toBe("A headline");
    expect(read("a.xml", plain).story?.item).toBeUndefined();
    const item = g2().replace(/^<\?xml[^>]*>\s*/, "");
    const message = `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${item}\n${item.replace(":safe", ":other")}</itemSet></newsMessage>`;
    const { story, more, diagnostics } = read("a.xml", message);
    expect(story?.id).toBe("newsml-example-wire.com-2026-safe");
    expect(more?.map((s) => s.id)).toEqual(["newsml-example-wire.com-2026-other"]);
    expect([story?.item?.index, more?.[0]?.item?.index]).toEqual([1, 2]);
    expect(more?.[0]?.item?.line).toBeGreaterThan(story!.item!.line);
    expect(diagnostics).toEqual([]);
  });

  it("a correction signal carries its editorial note as the correction", () => {
    const xml = g2().replace('<pubStatus qcode="stat:usable"/>', '<pubStatus qcode="stat:usable"/><edNote>Corrects the minister\'s name.</edNote><signal qcode="sig:correction"/>');
    expect(read("a.xml", xml).story?.correction).toBe("Corrects the minister’s name.");
    const bare = read("a.xml", g2().replace('<pubStatus qcode="stat:usable"/>', '<pubStatus qcode="stat:usable"/><signal qcode="sig:correction"/>'));
    expect(bare.story?.correction).toBe("This story has been corrected.");
    expect(rules(bare.diagnostics)).toEqual(["correction-without-note"]);
  });

  it("reads an NITF body", () => {
    const xml = g2().replace(/<inlineXML>.*<\/inlineXML>/, '<inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hedline><hl1>H</hl1></hedline></body.head><body.content><p>One.</p><p>Two.</p></body.content></body></nitf></inlineXML>');
    expect(read("a.xml", xml).story?.contentHtml).toBe("<p>One.</p>\n<p>Two.</p>");
  });
});



describe("any text at all", () => {
  it("gives a story or diagnostics, never a throw, for arbitrary JSON and XML-shaped text", () => {
    const xmlish = fc.array(fc.oneof(
      fc.constantFrom("<newsItem>", "</newsItem>", "<!DOCTYPE x [", "<!ENTITY a 'b'>", "]>", "&a;", "&amp;", "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<headline>", "</headline>", "<", ">", "\"", "'", "&#0;", "&#x110000;"),
      fc.string(),
    ), { maxLength: 30 }).map((parts) => parts.join(""));
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string(), xmlish), (text) => {
      for (const file of ["a.json", "a.xml"]) {
        const { story, diagnostics } = read(file, text);
        expect(story !== undefined || diagnostics.some((d) => d.severity === "error")).toBe(true);
        for (const d of diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }
    }), { numRuns: 300 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("size stops early", () => {
  it("an element with thousands of attributes or namespace declarations is refused at its tag", () => {
    for (const attr of ["a", "xmlns:p"]) {
      const xml = `<newsItem ${Array.from({ length: 50_000 }, (_, i) => `${attr}${i}="x"`).join(" ")}/>`;
      expect(read("a.xml", xml).diagnostics).toEqual([expect.objectContaining({ rule: "xml-too-large", line: 1, column: 1 })]);
    }
  });
});
