/** A worker thread rendering the archive pages it takes from the shared counter (see pages.ts). */
import { parentPort, workerData } from "node:worker_threads";
import { renderPage, type PageJob } from "./pages.js";
import { takeTasks, type Shared } from "./threads.js";

const job = workerData as PageJob & Shared;
parentPort?.postMessage(await takeTasks(job.pages.length, job, (k) => renderPage(job, job.pages[k]!)));
