import type { AnyRule } from '../src/rule.js';
import apiversionKind from './apiversion-kind.js';
import loadbalancerConsolidation from './loadbalancer-consolidation.js';
import removedApi from './removed-api.js';
import schema from './schema.js';
import serviceSelectorMatch from './service-selector-match.js';
import serviceTargetPort from './service-target-port.js';
import unusedDisableDirective from './unused-disable-directive.js';
import workloadSelectorMatch from './workload-selector-match.js';
import yamlSyntax from './yaml-syntax.js';

/** Every rule kubelint ships, in the order `--list-rules` shows them. */
export const allRules: readonly AnyRule[] = [
  yamlSyntax,
  apiversionKind,
  schema,
  removedApi,
  serviceSelectorMatch,
  serviceTargetPort,
  workloadSelectorMatch,
  loadbalancerConsolidation,
  unusedDisableDirective,
];
