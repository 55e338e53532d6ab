import { defineRule } from '../src/rule.js';

// Reported by the loader: a file too large, an alias bomb or nesting too deep is not read, so
// that hostile or broken input cannot exhaust the run; each limit has an option to raise it.
export default defineRule({
  meta: {
    id: 'input-limits',
    description: 'A file stays within the limits that protect a run: size (--max-file-size), alias expansions (--max-aliases), nesting depth (--max-depth)',
    severity: 'error',
    category: 'syntax',
    preset: 'recommended',
    scope: 'file',
  },
});
