/**
 * A synthetic repository for the benchmark: N applications, each a Deployment (probes,
 * resources, env, security context), a Service and a ConfigMap, and an Ingress for every third.
 * A few applications carry a planted defect, so the benchmark can check that every one is found.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PlantedDefect {
  file: string;
  ruleId: string;
  /** 1-based line of the defect in its file. */
  line: number;
}

export interface SyntheticRepository {
  files: number;
  resources: number;
  bytes: number;
  defects: PlantedDefect[];
}

const APPS_PER_FILE = 10;

/**
 * Writes N applications under `root`. Layout `multi`: ten applications per multi-document file
 * (namespace folders of 100 applications); `single`: one file per resource.
 */
export function writeSyntheticRepository(root: string, applications: number, layout: 'multi' | 'single'): SyntheticRepository {
  const repository: SyntheticRepository = { files: 0, resources: 0, bytes: 0, defects: [] };
  const pending = new Map<string, string[]>();
  for (let i = 0; i < applications; i++) {
    const team = `team-${String(Math.floor(i / 100)).padStart(3, '0')}`;
    const name = `app-${String(i).padStart(6, '0')}`;
    const documents = applicationDocuments(i, name, team);
    for (const document of documents) {
      const file = layout === 'multi' ? path.join(team, `apps-${String(Math.floor(i / APPS_PER_FILE)).padStart(5, '0')}.yaml`) : path.join(team, name, `${document.kind.toLowerCase()}.yaml`);
      const texts = pending.get(file) ?? [];
      const lineOffset = texts.reduce((lines, text) => lines + text.split('\n').length - 1 + 1, 0); // +1 for the "---" line
      for (const defect of document.defects) repository.defects.push({ file: file.split(path.sep).join('/'), ruleId: defect.ruleId, line: lineOffset + 1 + defect.line });
      texts.push(document.text);
      pending.set(file, texts);
      repository.resources++;
    }
  }
  for (const [file, texts] of pending) {
    const content = texts.map((text) => `---\n${text}`).join('');
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
    repository.files++;
    repository.bytes += Buffer.byteLength(content);
  }
  return repository;
}

interface GeneratedDocument {
  kind: string;
  text: string;
  /** Defects with their 1-based line within `text`. */
  defects: { ruleId: string; line: number }[];
}

/** The first lines of every document: apiVersion, kind, and metadata with name and namespace. */
function header(apiVersion: string, kind: string, name: string, namespace: string): string[] {
  return [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`];
}

function applicationDocuments(i: number, name: string, namespace: string): GeneratedDocument[] {
  // Planted defects, spread so that each kind appears at every scale.
  const selectorTypo = i % 97 === 13;
  const portTypo = i % 89 === 7;
  const unknownField = i % 83 === 5;
  const port = 8000 + (i % 1000);
  const deploymentLines = [
    ...header('apps/v1', 'Deployment', `${name}`, namespace),
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    '    app.kubernetes.io/part-of: bench',
    'spec:',
    `  replicas: ${2 + (i % 3)}`,
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '        tier: backend',
    '    spec:',
    '      serviceAccountName: default',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile: {type: RuntimeDefault}',
    '      containers:',
    `        - name: ${name}`,
    `          image: ghcr.io/example/${name}:1.${i % 10}.0`,
    '          ports:',
    `            - name: http`,
    unknownField ? `              contianerPort: ${port}` : `              containerPort: ${port}`,
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '            - name: CONFIG_PATH',
    '              value: /etc/app/config.yaml',
    '          envFrom:',
    `            - configMapRef: {name: ${name}-config}`,
    '          readinessProbe:',
    '            httpGet: {path: /ready, port: http}',
    '            periodSeconds: 5',
    '          livenessProbe:',
    '            httpGet: {path: /live, port: http}',
    '            initialDelaySeconds: 10',
    '          resources:',
    '            requests: {cpu: 100m, memory: 128Mi}',
    '            limits: {cpu: 500m, memory: 256Mi}',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            readOnlyRootFilesystem: true',
    '            capabilities: {drop: [ALL]}',
    '',
  ];
  const serviceLines = [
    ...header('v1', 'Service', `${name}`, namespace),
    'spec:',
    '  selector:',
    selectorTypo ? `    app: ${name}x` : `    app: ${name}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    portTypo ? `      targetPort: ${port + 1}` : '      targetPort: http',
    '',
  ];
  const configMapLines = [
    ...header('v1', 'ConfigMap', `${name}-config`, namespace),
    'data:',
    '  LOG_FORMAT: json',
    '  config.yaml: |',
    '    listen: 0.0.0.0',
    `    upstream: http://${name}-backend:8080`,
    '',
  ];
  const documents: GeneratedDocument[] = [
    { kind: 'Deployment', text: deploymentLines.join('\n'), defects: unknownField ? [{ ruleId: 'schema', line: 29 }] : [] },
    {
      kind: 'Service',
      text: serviceLines.join('\n'),
      defects: [...(selectorTypo ? [{ ruleId: 'service-selector-match', line: 8 }] : []), ...(portTypo && !selectorTypo ? [{ ruleId: 'service-target-port', line: 12 }] : [])],
    },
    { kind: 'ConfigMap', text: configMapLines.join('\n'), defects: [] },
  ];
  if (i % 3 === 0) {
    const ingressLines = [
      ...header('networking.k8s.io/v1', 'Ingress', `${name}`, namespace),
      '  annotations:',
      '    alb.ingress.kubernetes.io/target-type: ip',
      `    alb.ingress.kubernetes.io/group.name: ${namespace}`,
      'spec:',
      '  ingressClassName: alb',
      '  rules:',
      `    - host: ${name}.example.com`,
      '      http:',
      '        paths:',
      '          - path: /',
      '            pathType: Prefix',
      '            backend:',
      `              service: {name: ${name}, port: {name: http}}`,
      '',
    ];
    documents.push({ kind: 'Ingress', text: ingressLines.join('\n'), defects: [] });
  }
  return documents;
}
