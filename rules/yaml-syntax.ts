import { defineRule } from '../src/rule.js';

// Reported by the loader as it parses: a file that is not YAML has no resources to check.
export default defineRule({
  meta: {
    id: 'yaml-syntax',
    description: 'The file is YAML a Kubernetes API server accepts: no syntax error, no duplicate key, not a Helm template or binary data',
    severity: 'error',
    category: 'syntax',
    preset: 'recommended',
    scope: 'file',
  },
});
