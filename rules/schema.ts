import { groupOf, isBuiltinWithoutSchema, isLocalConfiguration, removedApiOf } from '../src/apis.js';
import type { Resource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import type { RuleContext } from '../src/rule.js';
import { editDistance, isPlausibleTypo, nearestString } from '../src/text.js';

export default defineRule({
  meta: {
    id: 'schema',
    description: 'Every resource matches the Kubernetes API schema of its kind: no unknown field, no wrong type, no missing required field',
    severity: 'error',
    category: 'schema',
    preset: 'recommended',
    scope: 'resource',
  },
  check(context) {
    const { resources, schemas, index, settings, report } = context;
    for (const resource of resources) {
      if (isLocalConfiguration(resource) || isBuiltinWithoutSchema(resource)) continue;
      const validate = schemas.validatorFor(resource.apiVersion, resource.kind);
      if (validate) {
        // A kustomize patch is a partial object: only what it says is checked, and its $directives pass.
        const partial = index.isKustomizePatch(resource);
        if (!partial) reportMissingName(context, resource);
        for (const problem of validate(resource.object)) {
          if (partial && (problem.kind === 'missing-field' || (problem.kind === 'unknown-field' && String(problem.path[problem.path.length - 1]).startsWith('$')))) continue;
          report(resource, problem.path, problem.message, { on: problem.on });
        }
        continue;
      }
      // A removed apiVersion is removed-api's finding.
      if (removedApiOf(resource.apiVersion, resource.kind)) continue;
      if (reportMistypedBuiltin(context, resource)) continue;

      report(
        resource,
        ['kind'],
        `no schema for ${resource.kind} (${resource.apiVersion}), so its fields are not checked: lint its CustomResourceDefinition along with it, or point --schema-dir at a schema catalog`,
        { severity: settings.strictKinds ? 'error' : 'info', oncePerRun: `${resource.apiVersion}/${resource.kind}` },
      );
    }
  },
});

/** Every object needs a name (the schema cannot say it: metadata.generateName may stand in, with kubectl create). */
function reportMissingName({ report }: RuleContext, resource: Resource): void {
  const metadata = resource.object.metadata;
  // A name of the wrong type is the schema's type finding, not a missing name.
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  if (given(metadata?.name) || given(metadata?.generateName)) return;
  report(resource, metadata ? ['metadata'] : ['kind'], `${resource.kind} has no metadata.name; every object needs one (or metadata.generateName, with kubectl create)`, { on: 'key' });
}

/**
 * A built-in kind under an apiVersion Kubernetes does not serve it in (`apps/v2`, `app/v1`), or a
 * built-in kind with the wrong case (`configmap`): a typo, not a custom resource. A kind of the
 * same name in another group (Knative's serving.knative.dev Service) is a custom resource.
 */
function reportMistypedBuiltin({ schemas, report }: RuleContext, resource: Resource): boolean {
  const group = groupOf(resource.apiVersion);
  const served = schemas.builtinApiVersionsOf(resource.kind);
  // A custom resource's group has a dot (a CustomResourceDefinition's must): only a near spelling
  // of a built-in group (networking.k8s.oi) is a typo, not a group that merely contains its name
  // (batch.tutorial.kubebuilder.io).
  const sameGroup = (apiVersion: string) =>
    groupOf(apiVersion) === group || (group.includes('.') ? editDistance(groupOf(apiVersion), group) <= 2 : isPlausibleTypo(groupOf(apiVersion), group));
  if (served.some(sameGroup)) {
    report(resource, ['apiVersion'], `Kubernetes does not serve ${resource.kind} as ${resource.apiVersion}; it serves it as ${served.join(' and ')}`);
    return true;
  }
  const kind = nearestString(resource.kind, schemas.builtinKindsIn(group));
  if (kind !== undefined && kind.toLowerCase() === resource.kind.toLowerCase()) {
    report(resource, ['kind'], `there is no kind ${resource.kind} in ${resource.apiVersion}; kinds are case-sensitive: did you mean ${kind}?`);
    return true;
  }
  return false;
}
