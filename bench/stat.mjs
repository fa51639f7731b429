// The least an up-to-date check can do: list the stories folder and stat every file in it.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
let bytes = 0;
for (const name of readdirSync(dir)) bytes += statSync(join(dir, name)).size;
console.log(`stat ${bytes} bytes`);
