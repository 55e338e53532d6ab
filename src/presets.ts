import { UsageError } from './files.js';
import type { AnyRule, PresetLevel } from './rule.js';
import { PRESET_LEVELS } from './rule.js';
import { nearestString } from './text.js';

/** The names a config's `extends` takes. */
const PRESET_NAMES: readonly string[] = PRESET_LEVELS.map((level) => `kubelint:${level}`);
/** What runs when no config says otherwise. */
export const DEFAULT_PRESETS: readonly string[] = ['kubelint:recommended'];

/** The level of a preset name, or a usage error naming the nearest one. */
export function presetLevelOf(name: string): PresetLevel {
  const level = PRESET_LEVELS.find((candidate) => `kubelint:${candidate}` === name);
  if (level) return level;
  const hint = nearestString(name, PRESET_NAMES);
  throw new UsageError(`unknown preset "${name}"${hint ? `; did you mean "${hint}"?` : ''} (presets: ${PRESET_NAMES.join(', ')})`);
}

/** Whether a rule is on in a preset: each preset includes the ones before it. */
export function isInPreset(rule: AnyRule, level: PresetLevel): boolean {
  return PRESET_LEVELS.indexOf(rule.meta.preset) <= PRESET_LEVELS.indexOf(level);
}

/** A rule as the presets a config extends leave it: on with the options the last of them gives, or off. */
export interface PresetSetting {
  on: boolean;
  options?: object;
}

/** Each rule's setting under the presets a config extends (each includes the ones before it). */
export function settingsOfPresets(names: readonly string[], ruleSet: readonly AnyRule[]): Map<string, PresetSetting> {
  const levels = names.map(presetLevelOf);
  const settings = new Map<string, PresetSetting>();
  for (const rule of ruleSet) {
    const including = levels.filter((level) => isInPreset(rule, level));
    const options = including.map((level) => presetOptionsOf(rule, level)).filter((given) => given !== undefined).at(-1);
    settings.set(rule.meta.id, { on: including.length > 0, ...(options ? { options } : {}) });
  }
  return settings;
}

/** The options a preset gives a rule: those of the preset itself or of the nearest one it includes (all asks what strict asks). */
function presetOptionsOf(rule: AnyRule, level: PresetLevel): object | undefined {
  const included = PRESET_LEVELS.slice(0, PRESET_LEVELS.indexOf(level) + 1);
  return included.map((candidate) => rule.meta.presetOptions?.[candidate]).filter((given) => given !== undefined).at(-1);
}
