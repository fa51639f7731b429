/** serve/: the output folder over HTTP: request paths, negotiation, partners, snapshots, WebSub. */
export { createFeedServer, serve, type ServeOptions, type Serving } from "./server.js";
export { hashToken, identify, type Identity } from "./partners.js";
export { changedFeedUrls, createPublisher, type Publisher, type PublisherOptions, type RetryOptions } from "./websub.js";
