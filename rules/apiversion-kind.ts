import { defineRule } from '../src/rule.js';

// Reported by the loader: a document without apiVersion and kind never becomes a resource.
export default defineRule({
  meta: {
    id: 'apiversion-kind',
    description: 'Every document of a manifest file is a Kubernetes object with apiVersion and kind',
    severity: 'error',
    category: 'syntax',
    preset: 'recommended',
    scope: 'file',
  },
});
