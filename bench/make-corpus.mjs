#!/usr/bin/env node
// Copied into the repository unchanged from the project's development material (where the
// benchmark corpora were first generated), so that tests and benchmarks need nothing outside this
// folder. MIT, as the rest of the project. Same N and --seed, same bytes: the figures in docs/ and
// README.md were measured on corpora from this generator.
//
// Writes N synthetic wire stories (Markdown + YAML front matter) into DIR, deterministically:
// the same N and --seed always give byte-identical files. For benchmarks and load tests.
//
//   node make-corpus.mjs N DIR [--seed S] [--raw-every K] [--bytes B]
//
//   --raw-every K  every K-th story is written as raw wire text (.txt, no front matter) instead
//   --bytes B      approximate body size in bytes (default 4000)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const [countArg, dir] = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const count = Number(countArg);
if (!Number.isInteger(count) || count < 1 || !dir) {
  console.error("usage: node make-corpus.mjs N DIR [--seed S] [--raw-every K] [--bytes B]");
  process.exit(2);
}
let state = flag("--seed", 1) >>> 0 || 1;
const rawEvery = flag("--raw-every", 0);
const bodyBytes = flag("--bytes", 4000);

// xorshift32: small, fast, deterministic
const rand = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 2 ** 32;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const agencies = ["ABC Audio", "Northwind Wire", "Harbor Press Agency", "Meridian News Service", "Lakeside Bulletin"];
const reporters = ["Amira Haddad", "Tomás Ferreira", "Jin-woo Park", "Olga Sokolova", "Kwame Mensah", "Élodie Martin", "Priya Natarajan", "Sam O'Neill"];
const cities = ["MOSCOW", "ANKARA", "BEIRUT", "GENEVA", "NAIROBI", "SÃO PAULO", "SEOUL", "WASHINGTON", "BRUSSELS", "JAKARTA"];
const desks = ["World", "Politics", "Business", "Health", "Science", "Sports", "Climate", "Technology"];
const subjects = ["officials", "the ministry", "negotiators", "regulators", "the council", "residents", "analysts", "the agency"];
const verbs = ["said", "warned", "confirmed", "denied", "announced", "reported", "estimated", "insisted"];
const objects = ["the talks would resume next week", "losses had been higher than expected", "the plan was still under review",
  "a cease-fire remained possible", "prices would rise again in March", "the vote was postponed",
  "no decision had been taken", "the figures were preliminary", "aid convoys had reached the border"];
const extras = ["according to a statement", "on Thursday", "late on Friday", "in a televised address",
  "citing internal documents", "after an emergency meeting", "during a visit to the region"];

const sentence = () => {
  const quoted = rand() < 0.2;
  const s = `${pick(subjects)} ${pick(verbs)} ${pick(objects)}, ${pick(extras)}`;
  const text = s[0].toUpperCase() + s.slice(1);
  return quoted ? `“${text},” ${pick(reporters).split(" ")[0]} ${pick(verbs)}.` : `${text}.`;
};
const paragraphs = () => {
  const out = [];
  let size = 0;
  while (size < bodyBytes) {
    const n = 2 + Math.floor(rand() * 3);
    const p = Array.from({ length: n }, sentence).join(" ");
    out.push(p);
    size += p.length + 2;
  }
  return out;
};
const yamlString = (s) => JSON.stringify(s); // JSON strings are valid YAML scalars

mkdirSync(dir, { recursive: true });
const start = Date.UTC(2024, 0, 1);
for (let i = 1; i <= count; i++) {
  const agency = pick(agencies);
  const city = pick(cities);
  const published = new Date(start + i * 97_000 + Math.floor(rand() * 60_000));
  const year = published.getUTCFullYear();
  const headline = `${pick(desks)} desk: ${pick(subjects)} ${pick(verbs)} ${pick(objects)}`.replace(/^./, (c) => c.toUpperCase());
  const body = paragraphs();
  const id = `story-${String(i).padStart(7, "0")}`;
  if (rawEvery > 0 && i % rawEvery === 0) {
    const text = `${headline}\n\n\n(${city}) — ${body.join("\n\n")}\n\nCopyright © ${year}, ${agency}. All rights reserved.\n`;
    writeFileSync(join(dir, `${id}.txt`), text);
    continue;
  }
  const fm = [
    "---",
    `id: ${id}`,
    `title: ${yamlString(headline)}`,
    `byline: ${yamlString(`By ${pick(reporters)}, ${agency}`)}`,
    `credit: ${yamlString(agency)}`,
    `copyright: ${yamlString(`Copyright © ${year}, ${agency}. All rights reserved.`)}`,
    `dateline: ${yamlString(city)}`,
    `published: ${published.toISOString()}`,
    ...(rand() < 0.15 ? [`updated: ${new Date(published.getTime() + 3_600_000).toISOString()}`] : []),
    `categories: [${yamlString(pick(desks))}, ${yamlString(pick(desks))}]`,
    "---",
  ];
  writeFileSync(join(dir, `${id}.md`), `${fm.join("\n")}\n\n${city} — ${body.join("\n\n")}\n`);
}
console.log(`wrote ${count} stories to ${dir}`);
