/**
 * `wirefeed nginx-conf`: a complete nginx.conf that serves an output folder as `wirefeed serve`
 * does (pure: config and paths in, text out). Runnable as `nginx -p PREFIX -c FILE`; every path it
 * writes (pid, logs, temporary files) is relative to PREFIX.
 */
import type { Config } from "../config/config.js";
import { PAGE_CSP } from "./respond.js";

export interface NginxOptions {
  /** Absolute path of the output folder. */
  out: string;
  /** Where nginx listens, `HOST:PORT`; default `127.0.0.1:8080`. */
  listen?: string;
  /** With partners: where `wirefeed serve --auth-only` listens, `HOST:PORT`; default `127.0.0.1:8081`. */
  auth?: string;
  /** `max-age` in seconds for every file; default config `ttl` × 60. A CDN in front may want less. */
  maxAge?: number;
  /** The brotli_static module to load; undefined leaves brotli out (gzip_static stays). */
  brotliModule?: string;
}

/** The path nginx asks the token check at (internal: no client can request it). */
const AUTH_PATH = "/.wirefeed-auth";

/** Media types by name, as `contentType` (paths.ts) gives them: the feed names first, then extensions. */
const FEED_TYPES: [pattern: string, type: string][] = [
  ["(^|/)rss\\.xml$|\\.rss$", "application/rss+xml"],
  ["(^|/)atom\\.xml$|\\.atom$", "application/atom+xml"],
  ["(^|/)feed\\.json$", "application/feed+json"],
];
const EXT_TYPES: [type: string, exts: string][] = [
  ["application/json", "json"], ["text/html", "html"], ["application/xslt+xml", "xsl xslt"], ["application/xml", "xml"],
  ["text/css", "css"], ["text/plain", "txt"], ["image/svg+xml", "svg"], ["image/png", "png"], ["image/x-icon", "ico"],
];
const TEXT_TYPES = "application/rss+xml application/atom+xml application/feed+json application/json application/xslt+xml application/xml text/css text/plain image/svg+xml";


/**
 * The nginx.conf text (pure).
 * @example nginxConf(config, { out: "/srv/wirefeed/output", listen: "0.0.0.0:80" })
 */
export function nginxConf(config: Config, options: NginxOptions): string {
  const listen = options.listen ?? "127.0.0.1:8080";
  const auth = options.auth ?? "127.0.0.1:8081";
  const partners = (config.partners ?? []).length > 0;
  const ttl = options.maxAge ?? config.ttl * 60;
  // Shared caches may keep a public feed for the ttl, serve it stale while they revalidate, and
  // stale for a day when the origin fails; a partner's feed is for the partner's own client only.
  const cacheControl = partners ? `private, max-age=${ttl}` : `public, max-age=${ttl}, stale-while-revalidate=${ttl}, stale-if-error=86400`;
  const q = (s: string) => `"${s.replace(/["\\$]/g, (c) => (c === "$" ? "${dollar}" : `\\${c}`))}"`;
  const headers = (cc: string, indent: string) => [
    `add_header Cache-Control ${q(cc)};`,
    `add_header X-Content-Type-Options "nosniff";`,
    `add_header Content-Security-Policy $wirefeed_csp;`,
    `add_header Link $wirefeed_link;`,
  ].map((l) => `${indent}${l}`).join("\n");
  const guard = (indent: string) => (partners ? `${indent}auth_request ${AUTH_PATH};\n` : "");
  const feedLocations = FEED_TYPES.map(([pattern, type]) => `    location ~ ${pattern} {
${guard("      ")}      types { }
      default_type ${type};
${headers(cacheControl, "      ")}
    }`).join("\n");
  const site = config.siteUrl;
  const link = config.hub ? `'<${config.hub}>; rel="hub", <${site}$wirefeed_rel>; rel="self"'` : `""`;
  return `# nginx.conf made by \`wirefeed nginx-conf\`: serves ${options.out} as \`wirefeed serve\` does.
# Run: nginx -p PREFIX -c THIS_FILE   (pid, logs and temporary files go in PREFIX)
${options.brotliModule ? `load_module ${options.brotliModule};` : "# brotli_static: no module given (Debian: libnginx-mod-http-brotli-static); gzip_static only."}
worker_processes auto;
pid nginx.pid;
error_log error.log warn;

events {
  worker_connections 4096;
}

http {
  client_body_temp_path client_body_temp;
  proxy_temp_path proxy_temp;
  fastcgi_temp_path fastcgi_temp;
  uwsgi_temp_path uwsgi_temp;
  scgi_temp_path scgi_temp;
  # The path without its query: a \`?token=\` never reaches the log (nginx escapes control bytes).
  log_format wirefeed '$time_iso8601 $remote_addr $request_method $uri $status $body_bytes_sent';
  access_log access.log wirefeed;

  sendfile on;
  tcp_nopush on;
  server_tokens off;
  keepalive_timeout 5s;
  client_header_timeout 10s;
  client_body_timeout 10s;
  send_timeout 20s;
  # A missing, repeated or invalid Host gets 400 from nginx itself, HTTP/2.0 on this port 505.

  types {
${EXT_TYPES.map(([type, exts]) => `    ${type} ${exts};`).join("\n")}
  }
  default_type application/octet-stream;
  charset utf-8;
  charset_types ${TEXT_TYPES};

  # Precompressed siblings written by the build (config precompress): sent as they are.
  gzip off;
  gzip_static on;
  gzip_vary on;
${options.brotliModule ? "  brotli_static on;\n" : ""}  etag on;
  if_modified_since before;

  map $sent_http_content_type $wirefeed_csp {
    ~^text/html ${q(PAGE_CSP)};
    default "";
  }
  map $uri $wirefeed_rel {
    ~^/(?<rel>.*)$ $rel;
  }
  map $uri $wirefeed_link {
    ~(^|/)(rss\\.xml|atom\\.xml|feed\\.json)$ ${link};
    default "";
  }
  geo $dollar {
    default "$";
  }

  server {
    listen ${listen};
    root ${options.out};
    index index.html;
    # Symbolic links are not followed: none can lead out of the folder or to a hidden file.
    disable_symlinks on;

    if ($request_method !~ ^(GET|HEAD)$) {
      return 405;
    }

    # Dotfiles and dot folders: the build record, temporary files, a .git.
    location ~ /\\. {
      return 404;
    }
    # Refusals (a partner's feed not theirs, a symbolic link) answer as a file that does not exist.
    error_page 403 =404 /.wirefeed-404;
    location = /.wirefeed-404 {
      internal;
      return 404 "Not found\\n";
    }
${partners ? `
    # Partner tokens are checked by \`wirefeed serve --auth-only\` (config partners: hashes only).
    location = ${AUTH_PATH} {
      internal;
      proxy_pass http://${auth};
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header Authorization $http_authorization;
    }

    # The stylesheet holds no stories: anyone may fetch it.
    location = /feed.xsl {
${headers(`public, max-age=${ttl}`, "      ")}
    }
` : ""}
    location / {
${guard("      ")}${headers(cacheControl, "      ")}
      location ~ /\\. {
        return 404;
      }
${feedLocations}
    }
  }
}
`;
}
