/**
 * Generates the Kubernetes JSON Schemas in schemas/kubernetes/ from the kubernetes-types
 * declarations, with the TypeScript compiler API: one shared definitions file, one small file
 * per top-level kind and apiVersion, and an index the schema rule reads.
 *
 *   npm run gen:schemas          writes the files
 *   generateSchemas()            returns them (the staleness test compares them with the tree)
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

type Schema = Record<string, unknown>;

const require = createRequire(import.meta.url);
const typesRoot = path.dirname(require.resolve('kubernetes-types/package.json'));
const typesVersion = (require('kubernetes-types/package.json') as { version: string }).version;

/** Declarations that the API server takes as something simpler or freer than their TypeScript shape. */
const SPECIAL: Readonly<Record<string, Schema>> = {
  // A quantity is written as "500m" or 0.5 alike.
  'api.resource.Quantity': { type: ['string', 'number'] },
  'meta.v1.Time': { type: 'string' },
  'meta.v1.MicroTime': { type: 'string' },
  // Free-form: anything goes, the API server does not look inside.
  'runtime.RawExtension': {},
  'meta.v1.FieldsV1': {},
  'apiextensions.v1.JSON': {},
  'apiextensions.v1.JSONSchemaProps': {},
  'apiextensions.v1.JSONSchemaPropsOrArray': {},
  'apiextensions.v1.JSONSchemaPropsOrBool': {},
  'apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

/**
 * Fields the kubernetes-types declarations lose: Go structs inlined into these types (Rule into
 * RuleWithOperations) are missing from them, though the API has them. Source: the Kubernetes API
 * reference for admissionregistration.k8s.io (RuleWithOperations, NamedRuleWithOperations).
 */
const MISSING_FIELDS: Readonly<Record<string, Record<string, Schema>>> = {
  'admissionregistration.v1.RuleWithOperations': inlinedRuleFields(),
  'admissionregistration.v1.NamedRuleWithOperations': inlinedRuleFields(),
  'admissionregistration.v1beta1.NamedRuleWithOperations': inlinedRuleFields(),
  'admissionregistration.v1alpha1.NamedRuleWithOperations': inlinedRuleFields(),
};

function inlinedRuleFields(): Record<string, Schema> {
  return {
    resources: { description: 'Resources is a list of resources this rule applies to.', type: 'array', items: { type: 'string' } },
    scope: { description: 'scope specifies the scope of this rule: "Cluster", "Namespaced" or "*".', type: 'string' },
  };
}

/**
 * Enumerations the declarations type as plain strings, though the API server accepts only these
 * values (each field's documentation in the Kubernetes API reference lists them). Listed where a
 * wrong spelling is a common mistake; the rest stay free strings.
 */
const ENUMS: Readonly<Record<string, readonly string[]>> = {
  'core.v1.ContainerPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'core.v1.ServicePort.protocol': ['TCP', 'UDP', 'SCTP'],
  'networking.v1.NetworkPolicyPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'core.v1.Container.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'core.v1.EphemeralContainer.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'core.v1.Container.restartPolicy': ['Always'],
  'core.v1.Container.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'core.v1.PodSpec.restartPolicy': ['Always', 'OnFailure', 'Never'],
  'core.v1.PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'core.v1.PodSpec.preemptionPolicy': ['PreemptLowerPriority', 'Never'],
  'core.v1.ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'core.v1.ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'core.v1.ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'core.v1.ServiceSpec.ipFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'core.v1.HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'core.v1.Toleration.operator': ['Exists', 'Equal'],
  'core.v1.Toleration.effect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'core.v1.Taint.effect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'core.v1.NodeSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  'core.v1.TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'core.v1.SeccompProfile.type': ['RuntimeDefault', 'Unconfined', 'Localhost'],
  'core.v1.PersistentVolumeClaimSpec.volumeMode': ['Filesystem', 'Block'],
  'core.v1.PersistentVolumeSpec.persistentVolumeReclaimPolicy': ['Retain', 'Delete', 'Recycle'],
  'meta.v1.LabelSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  'apps.v1.DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'apps.v1.StatefulSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'apps.v1.DaemonSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'apps.v1.StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'batch.v1.CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'batch.v1.JobSpec.completionMode': ['NonIndexed', 'Indexed'],
  'networking.v1.HTTPIngressPath.pathType': ['Exact', 'Prefix', 'ImplementationSpecific'],
  'policy.v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': ['IfHealthyBudget', 'AlwaysAllow'],
  'autoscaling.v2.MetricSpec.type': ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'],
  'autoscaling.v2.MetricTarget.type': ['Utilization', 'Value', 'AverageValue'],
};

/** Element enumerations of list fields (each item must be one of these). */
const ITEM_ENUMS: Readonly<Record<string, readonly string[]>> = {
  'core.v1.PersistentVolumeClaimSpec.accessModes': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'core.v1.PersistentVolumeSpec.accessModes': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'networking.v1.NetworkPolicySpec.policyTypes': ['Ingress', 'Egress'],
};

export interface GeneratedSchemas {
  /** Relative path under schemas/kubernetes/ → file content. */
  files: Map<string, string>;
}

export function generateSchemas(): GeneratedSchemas {
  const declarationFiles = listDeclarations(typesRoot);
  const program = ts.createProgram(declarationFiles, { noEmit: true, types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const definitions: Record<string, Schema> = {};
  const kinds: Record<string, string> = {};

  for (const file of declarationFiles) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const module = moduleIdOf(file);
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) continue;
      const name = `${module}.${statement.name.text}`;
      const description = documentation(checker, statement.name);
      const special = SPECIAL[name];
      if (special) {
        definitions[name] = withDescription(special, description);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        definitions[name] = withDescription(convertType(statement.type, checker), description);
      } else {
        definitions[name] = withDescription(convertInterface(statement, checker, name, MISSING_FIELDS[name]), description);
        const gvk = topLevelKind(statement);
        if (gvk && !gvk.kind.endsWith('List')) kinds[`${gvk.apiVersion}/${gvk.kind}`] = name;
      }
    }
  }

  const files = new Map<string, string>();
  // A typo in the tables above would silently check nothing: every entry must name a real field.
  for (const key of [...Object.keys(ENUMS), ...Object.keys(ITEM_ENUMS), ...Object.keys(MISSING_FIELDS)]) {
    const typeName = Object.hasOwn(MISSING_FIELDS, key) ? key : key.slice(0, key.lastIndexOf('.'));
    const field = key.slice(key.lastIndexOf('.') + 1);
    const properties = definitions[typeName]?.['properties'] as Record<string, unknown> | undefined;
    if (!properties || (!Object.hasOwn(MISSING_FIELDS, key) && !Object.hasOwn(properties, field))) throw new Error(`gen-schemas: ${key} names no field of kubernetes-types`);
  }
  const sortedDefinitions = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : 1)));
  files.set(
    '_definitions.json',
    json({
      $schema: 'http://json-schema.org/draft-07/schema#',
      description: `Kubernetes API definitions from kubernetes-types ${typesVersion}, generated by kubelint (npm run gen:schemas).`,
      definitions: sortedDefinitions,
    }),
  );
  const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
  for (const [key, definition] of Object.entries(sortedKinds)) {
    const relative = `${key}.json`;
    const up = '../'.repeat(relative.split('/').length - 1);
    files.set(
      relative,
      json({
        $schema: 'http://json-schema.org/draft-07/schema#',
        description: (sortedDefinitions[definition]?.['description'] as string | undefined) ?? key,
        $ref: `${up}_definitions.json#/definitions/${definition}`,
      }),
    );
  }
  files.set('index.json', json({ kubernetesVersion: typesVersion.split('.').slice(0, 2).join('.'), source: `kubernetes-types@${typesVersion}`, kinds: sortedKinds }));
  return { files };
}

function convertInterface(declaration: ts.InterfaceDeclaration, checker: ts.TypeChecker, typeName: string, missing: Record<string, Schema> = {}): Schema {
  const properties: Record<string, Schema> = { ...missing };
  const required: string[] = [];
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || !member.type) {
      throw new Error(`${declaration.name.text}: unexpected member ${member.getText()}`);
    }
    const name = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText();
    const schema = convertType(member.type, checker);
    const values = ENUMS[`${typeName}.${name}`];
    const itemValues = ITEM_ENUMS[`${typeName}.${name}`];
    if (values) schema['enum'] = [...values];
    if (itemValues) schema['items'] = { type: 'string', enum: [...itemValues] };
    properties[name] = withDescription(schema, documentation(checker, member.name));
    if (!member.questionToken) required.push(name);
  }
  // Unknown fields are errors: the API server rejects them under strict field validation.
  const sorted = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { type: 'object', properties: sorted, ...(required.length ? { required: required.sort() } : {}), additionalProperties: false };
}

function convertType(node: ts.TypeNode, checker: ts.TypeChecker): Schema {
  if (node.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  // The Kubernetes API conventions forbid floating-point fields: every number is an integer.
  if (node.kind === ts.SyntaxKind.NumberKeyword) return { type: 'integer' };
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string', enum: [node.literal.text] };
  if (ts.isParenthesizedTypeNode(node)) return convertType(node.type, checker);
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: convertType(node.elementType, checker) };
  if (ts.isUnionTypeNode(node)) {
    const kinds = new Set(node.types.map((member) => member.kind));
    // int-or-string (IntOrString): both spellings are accepted.
    if (kinds.size === 2 && kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) return { type: ['integer', 'string'] };
    return { anyOf: node.types.map((member) => convertType(member, checker)) };
  }
  if (ts.isTypeLiteralNode(node)) {
    const [index] = node.members;
    if (node.members.length === 1 && index && ts.isIndexSignatureDeclaration(index) && index.type) {
      return { type: 'object', additionalProperties: convertType(index.type, checker) };
    }
    throw new Error(`unexpected type literal ${node.getText()}`);
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === 'Array' && node.typeArguments?.[0]) return { type: 'array', items: convertType(node.typeArguments[0], checker) };
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (!declaration) throw new Error(`cannot resolve ${name}`);
    return { $ref: `#/definitions/${moduleIdOf(declaration.getSourceFile().fileName)}.${symbol!.name}` };
  }
  throw new Error(`unexpected type ${ts.SyntaxKind[node.kind]}: ${node.getText()}`);
}

/** apiVersion and kind of an interface that declares both as string literals: a top-level kind. */
function topLevelKind(declaration: ts.InterfaceDeclaration): { apiVersion: string; kind: string } | undefined {
  const literal = (field: string): string | undefined => {
    const member = declaration.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === field);
    const type = member && ts.isPropertySignature(member) ? member.type : undefined;
    return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
  };
  const apiVersion = literal('apiVersion');
  const kind = literal('kind');
  return apiVersion && kind ? { apiVersion, kind } : undefined;
}

function documentation(checker: ts.TypeChecker, name: ts.Node): string | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
  return text || undefined;
}

function withDescription(schema: Schema, description: string | undefined): Schema {
  return description ? { description, ...schema } : schema;
}

/** `apps/v1.d.ts` → `apps.v1`, `runtime.d.ts` → `runtime`. */
function moduleIdOf(file: string): string {
  return path.relative(typesRoot, file).replace(/\.d\.ts$/, '').split(path.sep).join('.');
}

function listDeclarations(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}

/** Where the generated schemas live in the project. */
export const kubernetesSchemasDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'kubernetes');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files } = generateSchemas();
  rmSync(kubernetesSchemasDirectory, { recursive: true, force: true });
  for (const [relative, content] of files) {
    const target = path.join(kubernetesSchemasDirectory, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  process.stdout.write(`wrote ${files.size} files to schemas/kubernetes/\n`);
}
