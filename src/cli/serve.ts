/** `wirefeed serve` and `wirefeed hash-token`: the output folder over HTTP, and a partner token's hash. */
import type { Command } from "commander";
import { CONFIG_FILE } from "../config/file.js";
import { announceServing, listen } from "./serving.js";
import { parsePort, settle, UsageError, type Common } from "./shared.js";

export function addServe(cli: Command, common: (cmd: Command) => Command): void {
  cli.command("serve").description("serve the output folder over HTTP (partner tokens, ETags, gzip and brotli)")
    .option("--out <dir>", "output folder (default: from config, else ./output)")
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--port <port>", "port (0: any free one)", "8080")
    .option("--config <file>", `config file (default: ./${CONFIG_FILE} when present)`)
    .action(async (opts: Common & { host: string; port: string }) => {
      const port = parsePort(opts.port);
      const { config, out } = await settle(opts);
      announceServing(config, out, await listen(config, out, opts.host, port));
    });

  cli.command("hash-token").description("print the SHA-256 of a partner token, for tokenSha256 in config").argument("[token]", "the token; omit or - to read it from stdin (keeps it out of shell history)")
    .action(async (token?: string) => {
      let value = token;
      if (value === undefined || value === "-") {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        value = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
      }
      if (value === "") throw new UsageError("hash-token: the token is empty");
      const { hashToken } = await import("../serve/partners.js");
      console.log(hashToken(value));
    });
}
