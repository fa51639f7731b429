/** `wirefeed new <id>`: a story skeleton with every field; never overwrites. */
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { settle, UsageError, type Common } from "./shared.js";

export function addNew(cli: Command, common: (cmd: Command) => Command): void {
  common(cli.command("new").description("write a story skeleton with every field; never overwrites").argument("<id>", "story id: letters, digits, -, _ and ."))
    .action(async (id: string, opts: Common) => {
      const [{ ID_PATTERN }, { skeleton }] = await Promise.all([import("../normalize/front-matter.js"), import("./skeleton.js")]);
      if (!ID_PATTERN.test(id)) throw new UsageError(`id "${id}" must use letters, digits, -, _ and . only`);
      const { config, stories } = await settle(opts);
      const path = join(stories, `${id}.md`);
      await mkdir(stories, { recursive: true });
      try {
        await writeFile(path, skeleton(id, new Date(), config), { flag: "wx" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${relative(process.cwd(), path)} already exists; not overwritten`);
        throw err;
      }
      console.log(`wirefeed: wrote ${relative(process.cwd(), path)}`);
    });
}
