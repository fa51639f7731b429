#!/usr/bin/env node
// npm run bench:sanitize [-- --reps 200]
//
// Two measurements, in-process, after `npm run build`:
//
// 1. The body sanitizer on a realistic agency body (about 6 KB of HTML: paragraphs, links, a
//    table, a figure, an embedded social post with its widget script, a few handlers): wirefeed's
//    sanitizeBodyHtml (sanitize-html on htmlparser2), bare sanitize-html with the same allow-list,
//    and, when installed, DOMPurify on a jsdom window, the alternative the sanitizer was chosen
//    against. DOMPurify and jsdom are not dependencies; to include them:
//      npm install --no-save dompurify@3.5.0 jsdom@26.1.0 && npm run bench:sanitize
//    Alternating runs; the median time per body of --reps calls each.
//
// 2. A whole story normalized (bytes to a Story with its body rendered: decode, front matter,
//    cleaning, Markdown, sanitizer) when it is one line of 0.5, 1 and 2 MB, for plain prose and
//    for prose thick with links, emphasis and raw HTML; and raw wire text of the same sizes. Each
//    size's time over the half size's shows whether a step is worse than linear (a ratio near 2).
//
// Prints a table and writes bench/results/sanitize.json.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { arg, here, median, root } from "./common.mjs";

const require = createRequire(import.meta.url);
const reps = Number(arg("--reps", "200"));
const { sanitizeBodyHtml } = await import(join(root, "dist/normalize/sanitize.js"));
const { storyFromBytes } = await import(join(root, "dist/normalize/from-bytes.js"));
const { validateConfig } = await import(join(root, "dist/config/config.js"));
const config = validateConfig({ siteUrl: "https://wire.example.org/", timeZone: "Europe/Paris" }).config;

const paragraph = (i) =>
  `<p>GENEVA — Delegates returned to the table on Friday for the ${i}th round, <a href="https://news.example.com/talks/${i}">mediators said</a>, ` +
  `after <em>weeks</em> of <strong>silence</strong>. “We are hopeful,” said one envoy &amp; another, who asked not to be named.</p>\n`;
const BODY = [
  ...Array.from({ length: 12 }, (_, i) => paragraph(i)),
  `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Talks are back on in Geneva. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; Jane Doe (@jane) <a href="https://twitter.com/jane/status/1?ref_src=twsrc%5Etfw">November 20, 2026</a></blockquote>\n`,
  `<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n`,
  `<figure><img src="https://img.example.com/geneva.jpg" alt="Delegates" width="800" height="450" onerror="alert(1)"><figcaption>Delegates on Friday.</figcaption></figure>\n`,
  `<table><thead><tr><th>Round</th><th>Date</th></tr></thead><tbody>${Array.from({ length: 8 }, (_, i) => `<tr><td>${i}</td><td style="text-align:right">2026-11-${10 + i}</td></tr>`).join("")}</tbody></table>\n`,
  `<div class="ad" style="position:fixed"><iframe src="https://ads.example/x"></iframe></div><p>Read <a href="javascript:alert(1)">more</a>.</p>\n`,
].join("");

const allowList = {
  allowedTags: ["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr", "cite", "q",
    "a", "ul", "ol", "li", "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "img", "code", "pre"],
  allowedAttributes: { "*": ["lang", "dir", "title"], a: ["href"], img: ["src", "alt", "width", "height"], th: ["style"], td: ["style"] },
};

const contenders = { "wirefeed sanitizeBodyHtml": (html) => sanitizeBodyHtml(html, "https://wire.example.org/").html };
const sanitizeHtml = require("sanitize-html");
contenders["sanitize-html, same allow-list"] = (html) => sanitizeHtml(html, { ...allowList, allowedSchemes: ["http", "https", "mailto"] });
try {
  const createDOMPurify = require("dompurify");
  const { JSDOM } = require("jsdom");
  const purify = createDOMPurify(new JSDOM("").window);
  const config = {
    ALLOWED_TAGS: allowList.allowedTags,
    ALLOWED_ATTR: ["href", "src", "alt", "width", "height", "lang", "dir", "title", "style"],
    ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  };
  contenders["DOMPurify 3 on jsdom"] = (html) => purify.sanitize(html, config);
} catch {
  console.log("(DOMPurify and jsdom not installed: see the header of this file to include them)");
}

const time = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// Warm every contender, then alternate them so load on the machine falls on all alike.
for (const fn of Object.values(contenders)) for (let i = 0; i < 20; i++) fn(BODY);
const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (let r = 0; r < reps; r++) for (const [k, fn] of Object.entries(contenders)) samples[k].push(time(() => fn(BODY)));
const sanitizer = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const base = sanitizer["wirefeed sanitizeBodyHtml"];
console.log(`\nSanitizing one ${(BODY.length / 1024).toFixed(1)} KB agency body, median of ${reps} (ms per body; ratio to wirefeed's)`);
for (const [k, ms] of Object.entries(sanitizer)) console.log(`  ${k.padEnd(32)} ${ms.toFixed(3).padStart(8)} ms  ${(ms / base).toFixed(2)}×`);

// 2. One-line stories.
const front = `---\ntitle: "One long line"\npublished: 2026-11-20T09:15:00+01:00\nbyline: "By Amira Haddad"\ncredit: Northwind Wire\ncopyright: "Copyright © 2026 Northwind Wire."\n---\n\n`;
const kinds = {
  "Markdown, plain prose": (n) => ({ file: "a.md", text: front + "GENEVA — " + "Delegates returned to the table on Friday, mediators said. ".repeat(n / 60) }),
  "Markdown, links, emphasis, HTML": (n) => ({ file: "b.md", text: front + "GENEVA — " + `Delegates *returned* to [the table](https://news.example.com/t) on <b>Friday</b>, <span onclick="x()">mediators</span> said. `.repeat(n / 120) }),
  "raw wire text": (n) => ({ file: "c.txt", text: "\u0001Talks resume\n\n" + "Delegates returned to the table on Friday, mediators said. ".repeat(n / 60) + "\n\nCopyright © 2026 Northwind Wire.\u0003\u0004\n" }),
};
const sizes = [512 * 1024, 1024 * 1024, 2 * 1024 * 1024];
const stories = {};
console.log(`\nNormalizing a story written on one line (ms, median of 5; ratio to the half size)`);
for (const [kind, make] of Object.entries(kinds)) {
  const row = [];
  for (const size of sizes) {
    const { file, text } = make(size);
    const bytes = Buffer.from(text);
    let ok = true;
    const ms = median(Array.from({ length: 5 }, () => time(() => {
      const r = storyFromBytes(file, bytes, new Date(0), config, true);
      ok &&= r.story !== undefined && r.story.contentHtml.length > size / 2;
    })));
    if (!ok) throw new Error(`${kind} at ${size} bytes was not published`);
    row.push({ bytes: bytes.length, ms });
  }
  stories[kind] = row;
  console.log(`  ${kind.padEnd(32)} ${row.map((r, i) => `${(r.bytes / 1048576).toFixed(1)} MB ${r.ms.toFixed(0).padStart(5)} ms${i ? ` (${(r.ms / row[i - 1].ms).toFixed(2)}×)` : ""}`).join("   ")}`);
}

mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "sanitize.json"), `${JSON.stringify({ node: process.version, bodyBytes: BODY.length, reps, sanitizer, stories }, null, 2)}\n`);
