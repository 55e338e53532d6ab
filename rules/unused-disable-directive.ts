import { defineRule } from '../src/rule.js';

// Reported by the engine with --report-unused-disable-directives: a suppression comment that
// suppresses nothing hides the next real finding, or is simply stale.
export default defineRule({
  meta: {
    id: 'unused-disable-directive',
    description: 'A kubelint-disable comment suppresses at least one finding (with --report-unused-disable-directives)',
    severity: 'warning',
    category: 'syntax',
    preset: 'recommended',
    scope: 'file',
  },
});
