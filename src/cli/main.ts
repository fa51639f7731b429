#!/usr/bin/env node
/** The `wirefeed` command: one file per command beside this one; exit codes are set in cli/ only. */
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/file.js";
import { VERSION } from "../version.js";
import { addBuild } from "./build.js";
import { addNew } from "./new.js";
import { addServe } from "./serve.js";
import { OPTION, shown, UsageError } from "./shared.js";
import { addWatch } from "./watch.js";

// The pipeline, the config schema (zod) and the renderers are imported where used: a build that
// finds nothing changed (see state/record.ts) never loads them, and starting up is most of its time.

function program(): Command {
  const cli = new Command("wirefeed")
    .description("Turns wire stories into attributed RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();

  const common = (cmd: Command) => cmd.option(...OPTION.stories).option(...OPTION.config);

  for (const add of [addBuild, addNew, addWatch, addServe]) add(cli, common);
  return cli;
}

/** Runs the CLI; the only place that sets `process.exitCode`. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof ConfigError) {
      const at = err.at ? `:${err.at.line}:${err.at.column}` : "";
      process.stderr.write(`wirefeed: bad config ${shown(err.file)}${at}: ${err.problems.join("; ")}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`wirefeed: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`wirefeed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    }
  }
}

await main(process.argv);
