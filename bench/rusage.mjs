// Preloaded with --import into every measured process: at exit, writes its CPU time and peak
// resident memory where BENCH_RUSAGE says.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const u = process.resourceUsage();
  writeFileSync(process.env.BENCH_RUSAGE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }));
});
