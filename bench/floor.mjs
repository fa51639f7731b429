// The floor: read every byte of every story file once, and nothing else.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let bytes = 0;
for (const name of readdirSync(dir)) bytes += readFileSync(join(dir, name)).length;
console.log(`read ${bytes} bytes`);
