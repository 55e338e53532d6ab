/** Loaded with --import by the benchmark: prints the process's peak memory and CPU time (all threads) when it exits. */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nkubelint-bench-max-rss-kb=${usage.maxRSS}\nkubelint-bench-cpu-us=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
