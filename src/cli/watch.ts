/** `wirefeed watch`: build once, then rebuild on every change; with --serve, serve too. */
import { relative } from "node:path";
import type { Command } from "commander";
import { changedFeedUrls, createPublisher } from "../serve/websub.js";
import { announceServing, listen } from "./serving.js";
import { OPTION, parsePoll, parsePort, settle, writing, type Common } from "./shared.js";

export function addWatch(cli: Command, common: (cmd: Command) => Command): void {
  common(cli.command("watch").description("build once, then rebuild the feeds whenever story files change"))
    .option(...OPTION.out)
    .option("--serve", "also serve the output folder over HTTP (as wirefeed serve)")
    .option(...OPTION.host("with --serve: "))
    .option(...OPTION.port("with --serve: "))
    .option("--poll [ms]", "poll the stories folder instead of waiting for file-system events (NFS, SMB, FUSE shares); default interval from config, else 1000 ms")
    .action(async (opts: Common & { serve?: boolean; host: string; port: string; poll?: string | true }) => {
      const port = parsePort(opts.port);
      const poll = parsePoll(opts.poll);
      const { config, text, stories, out } = await settle(opts);
      // The port first: a second `npm start` stops here, before it writes into the first one's folder.
      const serving = opts.serve ? await listen(config, out, opts.host, port) : undefined;
      // With a hub, every rebuild that changed a feed is announced; the watcher never waits for it.
      const hub = config.hub ? createPublisher({ hub: config.hub }) : undefined;
      // SIGINT/SIGTERM, even during the first build: let the write in progress finish, then
      // exit 0. A second signal does not wait.
      let signalled: NodeJS.Signals | undefined;
      let stopRequested = () => {};
      const stopping = new Promise<void>((resolve) => (stopRequested = resolve));
      const stop = (signal: NodeJS.Signals) => {
        if (signalled) process.exit(130);
        signalled = signal;
        console.log(`wirefeed: ${signal}: stopping after the write in progress`);
        stopRequested();
      };
      process.on("SIGINT", stop).on("SIGTERM", stop);
      const closeServer = () => new Promise((done) => (serving ? serving.server.close(done) : done(undefined)));
      const [{ watch }, { describeMode }, { fullCollector }, { buildInChild }] = await Promise.all([
        import("../watch/watcher.js"), import("../watch/mode.js"), import("../watch/rest.js"), import("./child-build.js"),
      ]);
      // Choices for this process, not the library's: a large archive's first build in a child
      // process, and full collections (V8's --expose-gc) once the watcher rests.
      const watcher = await writing(out, () => watch({
        config, configText: text, stories, out, log: (line) => console.log(line), collector: fullCollector, coldBuild: buildInChild,
        // `--poll` alone keeps the interval the config gives, if it gives one.
        poll: poll === true && typeof config.watch.poll === "number" ? config.watch.poll : poll,
        onRebuild: (r) => hub?.notify(changedFeedUrls(r.written, config.siteUrl)),
      })).catch(async (err: unknown) => {
        hub?.close();
        await closeServer();
        process.off("SIGINT", stop).off("SIGTERM", stop);
        throw err;
      });
      if (serving && !signalled) announceServing(config, out, serving);
      if (!signalled) {
        const where = (p: string) => relative(process.cwd(), p) || ".";
        console.log(`wirefeed: feeds in ${where(out)}/ (rss.xml, atom.xml, feed.json); watching ${where(stories)}/ ${describeMode(watcher.poll)}; Ctrl-C stops`);
      }
      await stopping;
      await watcher.close();
      hub?.close();
      await closeServer();
      process.off("SIGINT", stop).off("SIGTERM", stop);
      console.log("wirefeed: stopped");
      process.exitCode = 0;
    });
}
