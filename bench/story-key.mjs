// What keying a story by its values costs (#18): every story of a build record serialized as
// storyKey hashes it (canonicalJson, keys sorted) and as plain JSON.stringify, alternating, seven
// rounds; prints the median of each, in milliseconds.
//
//   npm run build && node bench/story-key.mjs OUTPUT_DIR     (an output folder a build left)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { median, root } from "./common.mjs";

const { loadCache } = await import(join(root, "dist/state/cache.js"));
const { RECORD_FILE } = await import(join(root, "dist/state/record.js"));
const { canonicalJson } = await import(join(root, "dist/model/canonical.js"));

const out = process.argv[2];
const bytes = readFileSync(join(out, RECORD_FILE));
const { key } = JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(0x0a)));
const stories = [...loadCache(out, key).entries.values()].flatMap((e) => (e.story ? [e.story] : []));
const times = { "JSON.stringify": [], canonicalJson: [] };
for (let round = 0; round < 7; round++) {
  for (const [name, serialize] of [["JSON.stringify", JSON.stringify], ["canonicalJson", canonicalJson]]) {
    const t = performance.now();
    for (const { contentHtml: _body, bodyOffset: _at, ...meta } of stories) serialize(meta);
    times[name].push(performance.now() - t);
  }
}
for (const [name, ms] of Object.entries(times)) console.log(`${name}: ${stories.length} stories, ${median(ms).toFixed(1)} ms`);
