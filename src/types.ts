import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

export type Severity = 'error' | 'warning' | 'info';

/** A JSON path into a resource: object keys and array indexes, e.g. ['spec', 'ports', 0, 'targetPort']. */
export type JsonPath = readonly (string | number)[];

/** A 1-based span in a file; endColumn is exclusive (the column after the last character). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The minimum every Kubernetes object has; rules narrow it to a kubernetes-types interface by kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** Who a finding is about, as printed in every output format. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  /** 0-based, counting every `---`-separated document of the file, empty ones included. */
  documentIndex: number;
}

export interface RelatedLocation extends Span {
  file: string;
  message: string;
  resource?: ResourceRef;
}

export interface Finding extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  resource?: ResourceRef;
  related?: RelatedLocation[];
}
