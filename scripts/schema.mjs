// Writes schema/wirefeed.config.schema.json from the config schema in src/config.ts (run after tsc).
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../dist/config/config.js";

writeFileSync(new URL("../schema/wirefeed.config.schema.json", import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
