/** `wirefeed new <id>`: a story skeleton with every field; never overwrites. */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { settle, UsageError, type Common } from "./shared.js";

export function addNew(cli: Command, common: (cmd: Command) => Command): void {
  common(cli.command("new").description("write a story skeleton with every field; never overwrites").argument("<id>", "story id: letters, digits, -, _ and ."))
    .option("--dated", "write into today's dated folder, YYYY/MM/DD (the default when the stories folder already has year folders)")
    .option("--flat", "write into the stories folder itself")
    .action(async (id: string, opts: Common & { dated?: boolean; flat?: boolean }) => {
      const [{ ID_PATTERN }, { dayFolder, looksDated, skeleton }] = await Promise.all([import("../normalize/front-matter.js"), import("./skeleton.js")]);
      if (!ID_PATTERN.test(id)) throw new UsageError(`id "${id}" must use letters, digits, -, _ and . only`);
      if (opts.dated && opts.flat) throw new UsageError("--dated and --flat: choose one");
      const { config, stories } = await settle(opts);
      const now = new Date();
      const dated = opts.dated ?? (!opts.flat && looksDated(await readdir(stories, { withFileTypes: true }).catch(() => [])));
      const folder = dated ? join(stories, ...dayFolder(now, config.timeZone).split("/")) : stories;
      const path = join(folder, `${id}.md`);
      await mkdir(folder, { recursive: true });
      try {
        await writeFile(path, skeleton(id, now, config), { flag: "wx" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${relative(process.cwd(), path)} already exists; not overwritten`);
        throw err;
      }
      console.log(`wirefeed: wrote ${relative(process.cwd(), path)}`);
    });
}
