/** `wirefeed build` and `wirefeed check`: the pipeline once, or its report without writing. */
import type { Command } from "commander";
import { Option } from "commander";
import type { ListingOf } from "../ingest/read.js";
import { parseDate } from "../model/dates.js";
import { stateKey } from "../state/record.js";
import { upToDate } from "../state/up-to-date.js";
import { VERSION } from "../version.js";
import { announce } from "./serving.js";
import { configText, count, needStories, parseNow, plural, rawSettings, report, reportBuild, settle, writing, OPTION, type Common } from "./shared.js";
import { terminalProgress } from "./progress.js";

export function addBuild(cli: Command, common: (cmd: Command) => Command): void {
  common(cli.command("build").description("build output/ from stories/ once"))
    .option(...OPTION.out)
    .option("--now <iso>", "the instant to judge embargoes at (default: the clock)")
    .option("--no-cache", "ignore the build cache in the output folder and do not write one")
    .action(async (opts: Common & { now?: string; cache: boolean }) => {
      const started = performance.now();
      const read = await configText(opts);
      // Nothing changed since the last build (state/record.ts): replay its report, load nothing else.
      const raw = opts.cache ? rawSettings(opts, read.path, read.text) : undefined;
      const quickNow = raw && (opts.now === undefined ? { ok: true as const, date: new Date() } : parseDate(opts.now, raw.timeZone));
      const seen: { listed?: ListingOf } = {};
      if (raw && quickNow?.ok) {
        const stamped = await upToDate(raw.stories, raw.out, stateKey(VERSION, { text: read.text ?? null }), quickNow.date, seen);
        if (stamped) return reportBuild(stamped, "nothing changed, 0 files written", raw.out, started);
      }
      const { config, stories, out } = await settle(opts, read);
      await needStories(stories);
      const now = parseNow(opts.now, config.timeZone);
      // One archived story edited: its page alone, when the record proves that is all (build/one-change.ts).
      if (opts.cache) {
        const { buildOneChange } = await import("../build/one-change.js");
        const one = await writing(out, () => buildOneChange({ config, configText: read.text ?? null, stories, out, now, listed: seen.listed }));
        if (one) {
          reportBuild(one, `${plural(one.written.length, "file")} written (${one.unchanged.length} unchanged)`, out, started);
          return announce(config, one.written);
        }
      }
      const { build } = await import("../build/build.js");
      // Progress on a terminal only: quiet in CI and when stderr is a file or a pipe.
      const progress = terminalProgress(process.stderr, process.env);
      const result = await writing(out, () => build({ config, configText: read.text ?? null, stories, out, now, cache: opts.cache, progress, listed: seen.listed }))
        .finally(() => progress?.end());
      const files = `${plural(result.written.length, "file")} written (${result.unchanged.length} unchanged)`;
      reportBuild({ ...result, nextEmbargo: result.nextEmbargo?.toISOString() }, files, out, started);
      await announce(config, result.written);
    });

  common(cli.command("check").description("report every problem in every story; writes nothing"))
    .addOption(new Option("--format <format>", "report format").choices(["text", "json", "github"]).default("text"))
    .action(async (opts: Common & { format: "text" | "json" | "github" }) => {
      const { config, text, stories, out } = await settle(opts);
      await needStories(stories);
      const { check } = await import("../build/build.js");
      const result = await check({ config, configText: text, stories, out, now: new Date() });
      report(result.diagnostics, opts.format, opts.format === "text" ? process.stderr : process.stdout, stories);
      const errors = count(result.diagnostics, "error");
      if (opts.format === "text") {
        console.log(`wirefeed: ${plural(result.read, "story file")} checked, ${plural(errors, "error")}, ${plural(count(result.diagnostics, "warning"), "warning")}`);
      }
      if (errors > 0) process.exitCode = 1;
    });
}
