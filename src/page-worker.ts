/** A worker thread rendering its share of archive pages (see pages.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { renderPages, type PageJob } from "./pages.js";

parentPort?.postMessage(await renderPages(workerData as PageJob));
