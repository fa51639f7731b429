/** serve/: the output folder over HTTP: request paths, negotiation, partners, snapshots, WebSub. */
export { createAuthServer, createFeedServer, queuedLog, serve, SERVE_LIMITS, type AuthOptions, type ServeLimits, type ServeOptions, type Serving } from "./server.js";
export { nginxConf, type NginxOptions } from "./nginx.js";
export { hashToken, identify, type Identity } from "./partners.js";
export { changedFeedUrls, createPublisher, type Publisher, type PublisherOptions, type RetryOptions } from "./websub.js";
