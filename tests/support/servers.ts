/**
 * Real nginx and Varnish from Debian for deployment tests: each started in the foreground on
 * 127.0.0.1 with a temporary prefix and a free port (probed: the OS picks one, it is released and
 * handed to the server, tried again if taken meanwhile), and stopped by the caller.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Running {
  port: number;
  prefix: string;
  stop(): Promise<void>;
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on `port`; rejects when `child` exits first or after `ms`. */
function accepting(port: number, child: ChildProcess, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once("exit", (code) => { exited = true; reject(new Error(`exited with ${code}`)); });
    const attempt = () => {
      if (exited) return;
      const socket = connect(port, "127.0.0.1", () => { socket.destroy(); resolve(); });
      socket.on("error", () => {
        socket.destroy();
        if (Date.now() > end) reject(new Error(`nothing listening on ${port} after ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

/** A readable temporary folder: nginx's and Varnish's workers run as other users than root. */
export function sharedTemp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Starts nginx with the conf `make(port)` gives, in the foreground, in a fresh prefix. */
export async function startNginx(make: (listen: string) => string | Promise<string>): Promise<Running & { stderr: () => string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const prefix = sharedTemp("wirefeed-nginx-");
    const conf = join(prefix, "nginx.conf");
    writeFileSync(conf, await make(`127.0.0.1:${port}`));
    const child = spawn("nginx", ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => { stderr += c.toString(); });
    try {
      await accepting(port, child);
      return { port, prefix, stop: stopper(child), stderr: () => stderr };
    } catch (err) {
      await stopper(child)();
      if (attempt >= 3) throw new Error(`nginx did not start: ${(err as Error).message}\n${stderr}`);
    }
  }
}

/** Starts varnishd in the foreground in front of `backendPort`, with `vcl`, in a fresh prefix. */
export async function startVarnish(backendPort: number, vcl: string): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const prefix = sharedTemp("wirefeed-varnish-");
    const file = join(prefix, "default.vcl");
    writeFileSync(file, vcl.replace("BACKEND_PORT", String(backendPort)));
    const child = spawn("varnishd", ["-F", "-n", join(prefix, "work"), "-a", `127.0.0.1:${port}`, "-f", file, "-s", "malloc,32m", "-T", "none"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => { stderr += c.toString(); });
    try {
      await accepting(port, child);
      return { port, prefix, stop: stopper(child) };
    } catch (err) {
      await stopper(child)();
      if (attempt >= 3) throw new Error(`varnishd did not start: ${(err as Error).message}\n${stderr}`);
    }
  }
}
