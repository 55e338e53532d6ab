import { compareKubernetesVersions } from '../src/apis.js';
import { INGRESS_CLASS_ANNOTATION, ingressClassesNamed, isIngress } from '../src/ingress.js';
import { annotationOf, describeResource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import { listInProse, nearestString } from '../src/text.js';
import { asString, getAt } from '../src/values.js';

const ANNOTATION_PATH = ['metadata', 'annotations', INGRESS_CLASS_ANNOTATION];
const FIELD_PATH = ['spec', 'ingressClassName'];
const FIELD_SINCE = '1.18';

export default defineRule({
  meta: {
    id: 'ingress-class',
    description: 'An Ingress names its class with spec.ingressClassName, not the deprecated annotation, and names an IngressClass that exists',
    severity: 'warning',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
  },
  check({ resources, index, settings, report }) {
    // spec.ingressClassName came with Kubernetes 1.18: before it, the annotation was the only way.
    const fieldExists = compareKubernetesVersions(FIELD_SINCE, settings.kubernetesVersion) <= 0;
    const classNames = [...new Set(index.ofKind('IngressClass').flatMap((ingressClass) => (ingressClass.name === undefined ? [] : [ingressClass.name])))].sort();
    for (const ingress of resources) {
      if (!isIngress(ingress)) continue;
      const annotated = annotationOf(ingress, INGRESS_CLASS_ANNOTATION);
      const className = asString(getAt(ingress.object, FIELD_PATH));

      if (annotated !== undefined && className !== undefined && annotated !== className) {
        report(
          ingress,
          ANNOTATION_PATH,
          `${INGRESS_CLASS_ANNOTATION}: ${annotated} disagrees with spec.ingressClassName: ${className}; the API server rejects such an Ingress on create (the annotation must match ingressClassName when both are set). Remove the deprecated annotation and keep the class you mean in spec.ingressClassName`,
          { severity: 'error', related: [{ resource: ingress, path: FIELD_PATH, message: `spec.ingressClassName of ${describeResource(ingress)}` }] },
        );
      } else if (fieldExists && annotated !== undefined && className !== undefined) {
        report(ingress, ANNOTATION_PATH, `${INGRESS_CLASS_ANNOTATION} is deprecated (since Kubernetes 1.18) and repeats spec.ingressClassName: ${className}; remove the annotation`);
      } else if (fieldExists && annotated !== undefined) {
        // The field names an IngressClass, the annotation a controller's class: they often coincide, not always.
        const replacement =
          classNames.length === 0
            ? `spec.ingressClassName: ${annotated} instead (it names an IngressClass; the controller's chart usually installs one of that name)`
            : classNames.includes(annotated)
              ? `spec.ingressClassName: ${annotated} instead (IngressClass ${annotated} is in view)`
              : `spec.ingressClassName instead, naming an IngressClass (in view: ${listInProse(shorten(classNames))})`;
        report(ingress, ANNOTATION_PATH, `${INGRESS_CLASS_ANNOTATION} is deprecated (since Kubernetes 1.18): use ${replacement}`);
      }

      // Without any IngressClass in view, the class is installed with the controller, out of view.
      if (className === undefined || classNames.length === 0 || ingressClassesNamed(index, className).length > 0) continue;
      const hint = nearestString(className, classNames);
      report(ingress, FIELD_PATH, `no IngressClass is named ${className} (IngressClasses in view: ${listInProse(shorten(classNames))}), so no controller may serve this Ingress${hint ? `; did you mean ${hint}?` : ''}`);
    }
  },
});

function shorten(names: readonly string[]): string[] {
  return names.length > 5 ? [...names.slice(0, 5), `${names.length - 5} more`] : [...names];
}
