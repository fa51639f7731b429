/**
 * The layering rule: the pipeline's stages in order, each importing only the ones before it,
 * and no import cycle anywhere. `npm test` runs it (tests/project/architecture.test.ts); see
 * docs/architecture.md for what each folder holds.
 */
const STAGES = ["model", "config", "ingest", "normalize", "desk", "plan", "render", "publish", "state", "build", "watch", "serve", "cli"];

const later = (i) => STAGES.slice(i + 1).join("|");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "An import cycle: the stages are a line, not a web. Move the shared part down to the stage both use (often model/).",
      from: {},
      to: { circular: true },
    },
    ...STAGES.slice(0, -1).map((stage, i) => ({
      name: `no-upward-from-${stage}`,
      severity: "error",
      comment: `${stage}/ comes before ${STAGES.slice(i + 1).join(", ")} in the pipeline and may import none of them.`,
      from: { path: `^src/${stage}/` },
      to: { path: `^src/(${later(i)})/` },
    })),
    {
      name: "no-entry-imports",
      severity: "error",
      comment: "src/index.ts is the library's front door: nothing inside imports it.",
      from: { path: "^src/" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "version-is-a-leaf",
      severity: "error",
      comment: "src/version.ts is read by every stage and imports none.",
      from: { path: "^src/version\\.ts$" },
      to: { path: "^src/" },
    },
    {
      name: "stage-folders-only",
      severity: "error",
      comment: "Every source file lives in a stage's folder; only index.ts and version.ts sit in src/ itself.",
      from: { path: "^src/[^/]+\\.ts$", pathNot: "^src/(index|version)\\.ts$" },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
