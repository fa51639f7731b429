/** config/: every schema the config file is checked against, its defaults, and reading it. */
export { configJsonSchema, defaultConfig, loadConfig, parseConfig, validateConfig, type Config, type SiteConfig } from "./config.js";
export { CONFIG_FILE, ConfigError, readConfigText } from "./file.js";
export { feedSchema, feedsSchema, OWNED_FOLDERS, type FeedConfig } from "./feeds.js";
export { partnerSchema, type Partner } from "./partners.js";
