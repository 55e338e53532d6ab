import type { PodSecurityContext, SecurityContext } from 'kubernetes-types/core/v1.js';
import type { PodContainer, PodTemplateRef } from './podTemplate.js';
import type { ReportExtras } from './rule.js';
import type { JsonPath } from './types.js';
import { asString, getAt, isRecord } from './values.js';

/**
 * The fields a container's securityContext shares with the pod's (runAsUser, runAsNonRoot,
 * seccompProfile, ...): the container's value, when set, overrides the pod's. The others exist on
 * one level only: privileged, allowPrivilegeEscalation, readOnlyRootFilesystem, capabilities and
 * procMount on containers; fsGroup, supplementalGroups and sysctls on the pod.
 */
export type InheritedField = keyof PodSecurityContext & keyof SecurityContext;
export type ContainerOnlyField = Exclude<keyof SecurityContext, keyof PodSecurityContext>;

/** A security setting as it applies to a container, and where the manifest says so. */
export interface SecuritySetting<T> {
  value: T;
  /** The path of the value: in the container's securityContext, or in the pod's. */
  path: JsonPath;
  level: 'container' | 'pod';
}

/** Accepts the values of the type the API expects; anything else counts as unset (its wrong type is the schema rule's finding). */
export type ValueGuard<T> = (value: unknown) => value is T;

export const isBoolean: ValueGuard<boolean> = (value): value is boolean => typeof value === 'boolean';
export const isInteger: ValueGuard<number> = (value): value is number => Number.isInteger(value);
export const isObject: ValueGuard<Record<string, unknown>> = isRecord;

export function podSecurityContextPath(template: PodTemplateRef): JsonPath {
  return [...template.specPath, 'securityContext'];
}

export function containerSecurityContextPath(container: PodContainer): JsonPath {
  return [...container.path, 'securityContext'];
}

/** A field of the pod's securityContext, when it is set to a value of the expected type. */
export function podSetting<T>(template: PodTemplateRef, field: keyof PodSecurityContext, accept: ValueGuard<T>): SecuritySetting<T> | undefined {
  return settingAt(template.spec?.securityContext, podSecurityContextPath(template), field, accept, 'pod');
}

/** A field of the container's own securityContext, when it is set to a value of the expected type. */
export function containerSetting<T>(container: PodContainer, field: keyof SecurityContext, accept: ValueGuard<T>): SecuritySetting<T> | undefined {
  return settingAt(container.container.securityContext, containerSecurityContextPath(container), field, accept, 'container');
}

/** What a container runs with for a field both levels have: its own value when set, else the pod's. */
export function effectiveSetting<T>(template: PodTemplateRef, container: PodContainer, field: InheritedField, accept: ValueGuard<T>): SecuritySetting<T> | undefined {
  return containerSetting(container, field, accept) ?? podSetting(template, field, accept);
}

function settingAt<T>(securityContext: unknown, contextPath: JsonPath, field: string, accept: ValueGuard<T>, level: SecuritySetting<T>['level']): SecuritySetting<T> | undefined {
  const value = getAt(securityContext, [field]);
  return accept(value) ? { value, path: [...contextPath, field], level } : undefined;
}

/** Where a finding points when a container lacks a setting: its securityContext key, else its name, else the container itself. */
export interface MissingSettingAnchor {
  path: JsonPath;
  extras: ReportExtras;
}

export function missingSettingAnchor(container: PodContainer): MissingSettingAnchor {
  if (isRecord(container.container.securityContext)) return { path: containerSecurityContextPath(container), extras: { on: 'key' } };
  if (asString(container.container.name) !== undefined) return { path: [...container.path, 'name'], extras: {} };
  return { path: container.path, extras: {} };
}

/**
 * Whether a container runs on Windows, where the Linux security settings (users by number,
 * seccomp, capabilities, read-only root filesystems) do not apply: the pod says so in
 * spec.os.name, or Windows options of the pod or the container name a user or ask for a
 * HostProcess (the kubelet merges those options field by field, so either level counts).
 */
export function runsOnWindows(template: PodTemplateRef, container: PodContainer): boolean {
  if (asString(getAt(template.spec, ['os', 'name'])) === 'windows') return true;
  return [podSetting(template, 'windowsOptions', isObject), containerSetting(container, 'windowsOptions', isObject)].some(
    (options) => asString(options?.value['runAsUserName']) !== undefined || options?.value['hostProcess'] === true,
  );
}
