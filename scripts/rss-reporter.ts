/** Loaded with --import by the benchmark: prints the process's peak memory when it exits. */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nkubelint-bench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
