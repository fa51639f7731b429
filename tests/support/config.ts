import { validateConfig, type Config } from "../../src/config/config.js";

/** A valid config from `fields` (a test's own defaults and overrides); a test's typo throws. */
export function testConfig(fields: Record<string, unknown>): Config {
  const r = validateConfig(fields);
  if (!r.ok) throw new Error(r.problems.join("; "));
  return r.config;
}
