import type { AnyRule } from '../src/rule.js';
import albTargetType from './alb-target-type.js';
import antiAffinity from './anti-affinity.js';
import apiversionKind from './apiversion-kind.js';
import capabilities from './capabilities.js';
import cronjobDeadline from './cronjob-deadline.js';
import duplicateResource from './duplicate-resource.js';
import envSecret from './env-secret.js';
import hostNamespaces from './host-namespaces.js';
import hostPath from './host-path.js';
import hostPort from './host-port.js';
import imageTag from './image-tag.js';
import ingressBackend from './ingress-backend.js';
import ingressClass from './ingress-class.js';
import inputLimits from './input-limits.js';
import livenessProbe from './liveness-probe.js';
import loadbalancerConsolidation from './loadbalancer-consolidation.js';
import metadataSyntax from './metadata-syntax.js';
import networkPolicy from './network-policy.js';
import pdb from './pdb.js';
import privilegeEscalation from './privilege-escalation.js';
import privileged from './privileged.js';
import probePort from './probe-port.js';
import readOnlyRootFs from './read-only-root-fs.js';
import readinessProbe from './readiness-probe.js';
import referenceExists from './reference-exists.js';
import removedApi from './removed-api.js';
import resources from './resources.js';
import runAsNonRoot from './run-as-non-root.js';
import schema from './schema.js';
import seccompProfile from './seccomp-profile.js';
import serviceAccountField from './service-account-field.js';
import servicePorts from './service-ports.js';
import serviceSelectorMatch from './service-selector-match.js';
import serviceTargetPort from './service-target-port.js';
import sshPort from './ssh-port.js';
import unusedDisableDirective from './unused-disable-directive.js';
import workloadSelectorMatch from './workload-selector-match.js';
import yamlSyntax from './yaml-syntax.js';

/** Every rule kubelint ships, in the order `--list-rules` shows them: syntax and schema, correctness, cost, then security, reliability and practice. */
export const allRules: readonly AnyRule[] = [
  yamlSyntax,
  apiversionKind,
  inputLimits,
  schema,
  metadataSyntax,
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
  privileged,
  privilegeEscalation,
  capabilities,
  seccompProfile,
  hostNamespaces,
  hostPath,
  hostPort,
  sshPort,
  envSecret,
  runAsNonRoot,
  readOnlyRootFs,
  networkPolicy,
  resources,
  livenessProbe,
  antiAffinity,
  pdb,
  cronjobDeadline,
  imageTag,
  serviceAccountField,
  unusedDisableDirective,
];
