/** `wirefeed serve`, `nginx-conf` and `hash-token`: the output folder over HTTP, an nginx config that serves it so, and a partner token's hash. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { announceServing, listen } from "./serving.js";
import { OPTION, parsePort, settle, UsageError, type Common } from "./shared.js";

/** Where Debian's libnginx-mod-http-brotli-static installs the module (see serve/nginx.ts). */
const DEBIAN_BROTLI_MODULE_PATH = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

export function addServe(cli: Command, common: (cmd: Command) => Command): void {
  cli.command("serve").description("serve the output folder over HTTP (partner tokens, ETags, gzip and brotli)")
    .option(...OPTION.out)
    .option(...OPTION.host())
    .option(...OPTION.port())
    .option(...OPTION.config)
    .option("--auth-only", "answer only token checks for a static server in front (nginx auth_request; see wirefeed nginx-conf)")
    .action(async (opts: Common & { host: string; port: string; authOnly?: boolean }) => {
      const port = parsePort(opts.port);
      const { config, out } = await settle(opts);
      const authOnly = opts.authOnly === true;
      announceServing(config, out, await listen(config, out, opts.host, port, authOnly), authOnly);
    });

  cli.command("nginx-conf").description("print an nginx.conf that serves the output folder as wirefeed serve does (run: nginx -p PREFIX -c FILE)")
    .option(...OPTION.out)
    .option("--listen <host:port>", "where nginx listens", "127.0.0.1:8080")
    .option("--auth <host:port>", "with partners: where wirefeed serve --auth-only listens", "127.0.0.1:8081")
    .option("--max-age <seconds>", "Cache-Control max-age (default: config ttl)")
    .option("--brotli-module <file>", "the brotli_static module to load; \"none\" for gzip only", DEBIAN_BROTLI_MODULE_PATH)
    .option(...OPTION.config)
    .action(async (opts: Common & { listen: string; auth: string; brotliModule: string; maxAge?: string }) => {
      const maxAge = opts.maxAge === undefined ? undefined : Number(opts.maxAge);
      if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) throw new UsageError(`--max-age: "${opts.maxAge}" is not a number of seconds`);
      for (const [flag, value] of [["--listen", opts.listen], ["--auth", opts.auth]] as const) {
        if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value)) throw new UsageError(`${flag}: "${value}" is not HOST:PORT`);
      }
      const { config, out } = await settle(opts);
      const { nginxConf } = await import("../serve/nginx.js");
      const brotliModule = opts.brotliModule === "none" ? undefined : resolve(opts.brotliModule);
      process.stdout.write(nginxConf(config, { out, listen: opts.listen, auth: opts.auth, brotliModule, ...(maxAge === undefined ? {} : { maxAge }) }));
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
