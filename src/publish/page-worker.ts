/** A worker thread rendering the archive pages it is sent (see pages.ts and threads.ts). */
import { workerData } from "node:worker_threads";
import { renderPage, type PageJob, type PageTask } from "./archive-pages.js";
import { serveTasks } from "./threads.js";

const job = workerData as PageJob;
serveTasks((task: PageTask) => renderPage(job, task));
