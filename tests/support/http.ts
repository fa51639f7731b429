import { request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One raw HTTP request over a real socket. `path` goes on the wire exactly as given (no
 * normalization of `..` or `//`, no automatic decompression), which is what traversal and
 * content-coding tests need and what `fetch` would not allow.
 */
export function httpGet(server: Server, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return httpAt((server.address() as AddressInfo).port, path, options);
}

/** {@link httpGet} to any server on 127.0.0.1 (nginx, Varnish) by port. */
export function httpAt(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * The origin of a listening server on 127.0.0.1, without a trailing slash.
 * @example `${baseUrl(server)}/rss.xml`
 */
export function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts `server` on 127.0.0.1 and a free port. */
export async function listen(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Closes `server`, dropping idle keep-alive connections so the test does not wait for them. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
