import type { AnyRule } from '../src/rule.js';
import albTargetType from './alb-target-type.js';
import apiversionKind from './apiversion-kind.js';
import capabilities from './capabilities.js';
import inputLimits from './input-limits.js';
import duplicateResource from './duplicate-resource.js';
import ingressBackend from './ingress-backend.js';
import ingressClass from './ingress-class.js';
import loadbalancerConsolidation from './loadbalancer-consolidation.js';
import privilegeEscalation from './privilege-escalation.js';
import privileged from './privileged.js';
import probePort from './probe-port.js';
import readOnlyRootFs from './read-only-root-fs.js';
import readinessProbe from './readiness-probe.js';
import referenceExists from './reference-exists.js';
import removedApi from './removed-api.js';
import runAsNonRoot from './run-as-non-root.js';
import schema from './schema.js';
import seccompProfile from './seccomp-profile.js';
import servicePorts from './service-ports.js';
import serviceSelectorMatch from './service-selector-match.js';
import serviceTargetPort from './service-target-port.js';
import unusedDisableDirective from './unused-disable-directive.js';
import workloadSelectorMatch from './workload-selector-match.js';
import yamlSyntax from './yaml-syntax.js';
import imageTag from './image-tag.js';
import resources from './resources.js';
import hostPort from './host-port.js';
import sshPort from './ssh-port.js';
import envSecret from './env-secret.js';
import livenessProbe from './liveness-probe.js';
import pdb from './pdb.js';
import networkPolicy from './network-policy.js';
import cronjobDeadline from './cronjob-deadline.js';
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
  privileged,
  privilegeEscalation,
  runAsNonRoot,
  readOnlyRootFs,
  capabilities,
  seccompProfile,
  imageTag,
  resources,
  hostPort,
  sshPort,
  envSecret,
  livenessProbe,
  pdb,
  networkPolicy,
  cronjobDeadline,
  hostNamespaces,
  hostPath,
  serviceAccountField,
  antiAffinity,
  metadataSyntax,
];
