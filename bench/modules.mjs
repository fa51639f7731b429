// Node's start and the modules a cold build loads before it reads a story (the pipeline, the
// config schema with zod, gray-matter with its YAML parser), loaded and nothing run: with floor
// and written, the least a cold build pays before it parses, renders or compresses anything.
import { join } from "node:path";
import { root } from "./common.mjs";

for (const module of ["dist/config/config.js", "dist/build/build.js", "dist/ingest/parse.js"]) await import(join(root, module));
