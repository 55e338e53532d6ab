import type { AnyRule } from '../src/rule.js';
import albTargetType from './alb-target-type.js';
import apiversionKind from './apiversion-kind.js';
import inputLimits from './input-limits.js';
import duplicateResource from './duplicate-resource.js';
import ingressBackend from './ingress-backend.js';
import ingressClass from './ingress-class.js';
import loadbalancerConsolidation from './loadbalancer-consolidation.js';
import probePort from './probe-port.js';
import readinessProbe from './readiness-probe.js';
import referenceExists from './reference-exists.js';
import removedApi from './removed-api.js';
import schema from './schema.js';
import servicePorts from './service-ports.js';
import serviceSelectorMatch from './service-selector-match.js';
import serviceTargetPort from './service-target-port.js';
import unusedDisableDirective from './unused-disable-directive.js';
import workloadSelectorMatch from './workload-selector-match.js';
import yamlSyntax from './yaml-syntax.js';
import hostNamespaces from './host-namespaces.js';
import hostPath from './host-path.js';
import serviceAccountField from './service-account-field.js';
import antiAffinity from './anti-affinity.js';
import metadataSyntax from './metadata-syntax.js';

/** Every rule kubelint ships, in the order `--list-rules` shows them. */
export const allRules: readonly AnyRule[] = [
  yamlSyntax,
  apiversionKind,
  inputLimits,
  schema,
  removedApi,
  serviceSelectorMatch,
  serviceTargetPort,
  servicePorts,
  workloadSelectorMatch,
  referenceExists,
  duplicateResource,
  probePort,
  readinessProbe,
  ingressBackend,
  ingressClass,
  albTargetType,
  loadbalancerConsolidation,
  unusedDisableDirective,
  hostNamespaces,
  hostPath,
  serviceAccountField,
  antiAffinity,
  metadataSyntax,
];
