import { describeResource, identityOf, resourceRef } from '../src/resource.js';
import type { Resource, SourceFile } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import { isDeepStrictEqual } from 'node:util';
import { appendTo, mapUnder } from '../src/values.js';

export default defineRule({
  meta: {
    id: 'duplicate-resource',
    description: 'No object (API group, kind, namespace, name) is defined twice in one file',
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
  },
  check({ resources, index, report }) {
    // A file is always applied whole; files of one folder are often alternatives (variants,
    // versions, an all-in-one beside its parts), and other folders are other environments.
    // Per file, the definitions of each name; then, of a name given more than once, of each
    // identity (most names are given once: their identity is never built).
    const byFile = new Map<SourceFile, Map<string, Resource[]>>();
    for (const resource of resources) {
      // A kustomize patch repeats its base's identity by design: it is merged, not applied.
      if (resource.name === undefined || resource.name === '' || index.isKustomizePatch(resource)) continue;
      appendTo(mapUnder(byFile, resource.file), resource.name, resource);
    }
    const groups: Resource[][] = [];
    for (const names of byFile.values()) {
      for (const sameName of names.values()) {
        if (sameName.length < 2) continue;
        const byIdentity = new Map<string, Resource[]>();
        for (const resource of sameName) appendTo(byIdentity, identityOf(resource), resource);
        for (const group of byIdentity.values()) if (group.length > 1) groups.push(group);
      }
    }
    for (const group of groups) {
      // kubectl applies a file's documents, and a List's items, in order.
      const [first, ...later] = [...group].sort(compareDefinitions);
      if (!first) continue;
      for (const resource of later) {
        const input = resource.file.absolutePath === undefined ? 'input' : 'file';
        const where = resource.documentIndex === first.documentIndex ? 'earlier in the same List' : `earlier in this ${input}`;
        const namespace = resourceRef(resource).namespace;
        const what = `${describeResource(resource)}${namespace === undefined ? '' : ` in namespace ${namespace}`}`;
        const outcome = isDeepStrictEqual(normalized(resource), normalized(first))
          ? 'the two definitions are identical: remove one'
          : `the definitions differ, and applying the ${input}, the later one silently overrides the earlier`;
        report(resource, ['metadata', 'name'], `${what} is already defined ${where}; ${outcome}`, {
          related: [{ resource: first, path: ['metadata', 'name'], message: `the first definition of ${describeResource(first)}` }],
        });
      }
    }
  },
});

/** The object with its namespace written out, so that `namespace: default` equals leaving it out. */
function normalized(resource: Resource): unknown {
  const metadata = resource.object.metadata;
  return { ...resource.object, metadata: { ...metadata, namespace: resourceRef(resource).namespace } };
}

function compareDefinitions(a: Resource, b: Resource): number {
  if (a.documentIndex !== b.documentIndex) return a.documentIndex - b.documentIndex;
  // Items of one List: by their index.
  return Number(a.basePath[1] ?? 0) - Number(b.basePath[1] ?? 0);
}
