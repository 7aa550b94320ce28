// Loads `concurrency-lint.json` (JSON with comments, never executed) and reports errors with positions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printParseErrorCode, type ParseError, getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { AnalysisSettings, SeveritySetting } from './types';
import { lineColumn } from './ast';
import type { WorkloadInput } from '../capacity';

export const CONFIG_FILE_NAME = 'concurrency-lint.json';

export interface LintConfig {
  /** Severity per rule id; rules not named keep their default. */
  rules: Record<string, SeveritySetting>;
  /** .gitignore-style patterns of files not to analyse, relative to the config's folder. */
  ignorePatterns: string[];
  /** Facts about the deployment the rules use (`settings` in the file). */
  settings: Partial<AnalysisSettings>;
  /** The workload the capacity estimate is evaluated at (`workload` in the file). */
  workload: WorkloadInput;
}

const WORKLOAD_NUMBERS = [
  'users', 'thinkTimeMs', 'requestMs', 'instances', 'cpus', 'databaseMaxConnections', 'databaseReservedConnections',
  'databaseCores', 'databaseSpindles', 'fileDescriptorLimit', 'memoryLimitMb', 'clientTimeoutMs',
] as const;
const ROUTE_NUMBERS = ['holdMs', 'requestMs', 'share'] as const;

export interface ConfigError {
  file: string;
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

export type ConfigLoadResult = { ok: true; config: LintConfig; file?: string } | { ok: false; error: ConfigError };

export function emptyConfig(): LintConfig {
  return { rules: {}, ignorePatterns: [], settings: {}, workload: {} };
}

const SEVERITY_WORDS: Record<string, SeveritySetting> = {
  off: 'off',
  error: 'error',
  warn: 'warning',
  warning: 'warning',
  info: 'info',
};

/** Accepts `"warn"`/`"warning"`/`"error"`/`"info"`/`"off"`; undefined for anything else. */
export function parseSeverity(value: unknown): SeveritySetting | undefined {
  return typeof value === 'string' ? SEVERITY_WORDS[value] : undefined;
}

/** Parses config text. `knownRules` lets us reject typos in rule ids with a position. */
export function parseConfig(text: string, file: string, knownRules: ReadonlySet<string>): ConfigLoadResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const fail = (offset: number, message: string): ConfigLoadResult => ({
    ok: false,
    error: { file, message, ...lineColumn(text, offset) },
  });
  if (errors.length > 0) {
    const e = errors[0]!;
    return fail(e.offset, `invalid JSON: ${printParseErrorCode(e.error)}`);
  }
  if (!root || root.type !== 'object') return fail(root?.offset ?? 0, 'the configuration must be a JSON object');
  const config = emptyConfig();
  for (const prop of root.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = keyNode.value as string;
    if (key === '$schema') continue;
    if (key === 'rules') {
      if (valueNode.type !== 'object') return fail(valueNode.offset, '"rules" must be an object of rule id to severity');
      for (const ruleProp of valueNode.children ?? []) {
        const [idNode, sevNode] = ruleProp.children ?? [];
        if (!idNode || !sevNode) continue;
        const id = idNode.value as string;
        if (!knownRules.has(id)) return fail(idNode.offset, `unknown rule "${id}"`);
        // ESLint style ["warn", {...}] is accepted for the severity part.
        const raw = sevNode.type === 'array' ? getNodeValue(sevNode)[0] : getNodeValue(sevNode);
        const severity = parseSeverity(raw);
        if (!severity) {
          return fail(sevNode.offset, `invalid severity for "${id}": expected "error", "warn", "info" or "off"`);
        }
        config.rules[id] = severity;
      }
    } else if (key === 'ignorePatterns') {
      const value: unknown = getNodeValue(valueNode);
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        return fail(valueNode.offset, '"ignorePatterns" must be an array of strings');
      }
      config.ignorePatterns = value;
    } else if (key === 'settings') {
      if (valueNode.type !== 'object') return fail(valueNode.offset, '"settings" must be an object');
      for (const settingProp of valueNode.children ?? []) {
        const [nameNode, settingNode] = settingProp.children ?? [];
        if (!nameNode || !settingNode) continue;
        const name = nameNode.value as string;
        if (name === 'loadBalancerIdleTimeoutMs') {
          const value: unknown = getNodeValue(settingNode);
          if (typeof value !== 'number' || !(value >= 0)) return fail(settingNode.offset, '"loadBalancerIdleTimeoutMs" must be a number of milliseconds');
          config.settings.loadBalancerIdleTimeoutMs = value;
        } else {
          return fail(nameNode.offset, `unknown setting "${name}" (expected "loadBalancerIdleTimeoutMs")`);
        }
      }
    } else if (key === 'workload') {
      const problem = parseWorkload(valueNode, config.workload);
      if (problem) return fail(problem.offset, problem.message);
    } else {
      return fail(keyNode.offset, `unknown property "${key}" (expected "rules", "ignorePatterns", "settings" or "workload")`);
    }
  }
  return { ok: true, config, file };
}

export function loadConfigFile(file: string, knownRules: ReadonlySet<string>): ConfigLoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, error: { file, message: `cannot read: ${(e as Error).message}`, line: 1, column: 1 } };
  }
  return parseConfig(text, file, knownRules);
}

/** The config at `<root>/concurrency-lint.json`, or the empty config when there is none. */
export function loadConfigForRoot(root: string, knownRules: ReadonlySet<string>): ConfigLoadResult {
  const file = path.join(root, CONFIG_FILE_NAME);
  if (!fs.existsSync(file)) return { ok: true, config: emptyConfig() };
  return loadConfigFile(file, knownRules);
}


/** Reads the `workload` section into `into`; the first problem found, with its offset. */
function parseWorkload(node: JsonNode, into: WorkloadInput): { offset: number; message: string } | undefined {
  if (node.type !== 'object') return { offset: node.offset, message: '"workload" must be an object' };
  for (const prop of node.children ?? []) {
    const [nameNode, valueNode] = prop.children ?? [];
    if (!nameNode || !valueNode) continue;
    const name = nameNode.value as string;
    const value: unknown = getNodeValue(valueNode);
    if ((WORKLOAD_NUMBERS as readonly string[]).includes(name)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return { offset: valueNode.offset, message: `"workload.${name}" must be a non-negative number` };
      (into as Record<string, number>)[name] = value;
    } else if (name === 'routes') {
      if (valueNode.type !== 'object') return { offset: valueNode.offset, message: '"workload.routes" must be an object of "METHOD /path" to { holdMs, requestMs, share, userFacing }' };
      into.routes = {};
      for (const routeProp of valueNode.children ?? []) {
        const [routeName, routeValue] = routeProp.children ?? [];
        if (!routeName || !routeValue) continue;
        if (routeValue.type !== 'object') return { offset: routeValue.offset, message: `"workload.routes.${routeName.value}" must be an object` };
        const route: Record<string, number | boolean> = {};
        for (const field of routeValue.children ?? []) {
          const [fieldName, fieldValue] = field.children ?? [];
          if (!fieldName || !fieldValue) continue;
          const fieldKey = fieldName.value as string;
          const fieldData: unknown = getNodeValue(fieldValue);
          if (fieldKey === 'userFacing') {
            if (typeof fieldData !== 'boolean') return { offset: fieldValue.offset, message: '"userFacing" must be true or false' };
            route[fieldKey] = fieldData;
            continue;
          }
          if (!(ROUTE_NUMBERS as readonly string[]).includes(fieldKey)) return { offset: fieldName.offset, message: `unknown route setting "${fieldKey}" (expected holdMs, requestMs, share or userFacing)` };
          if (typeof fieldData !== 'number' || fieldData < 0) return { offset: fieldValue.offset, message: `"${fieldKey}" must be a non-negative number` };
          route[fieldKey] = fieldData;
        }
        into.routes[routeName.value as string] = route;
      }
    } else if (name === 'target') {
      const target = value as { kind?: unknown; max?: unknown; maxPWait?: unknown; maxMeanWaitMs?: unknown };
      if (!target || typeof target !== 'object' || (target.kind !== 'utilization' && target.kind !== 'wait')) {
        return { offset: valueNode.offset, message: '"workload.target" must be { "kind": "utilization", "max": 0.85 } or { "kind": "wait", "maxPWait": 0.05 }' };
      }
      into.target = target.kind === 'utilization'
        ? { kind: 'utilization', max: typeof target.max === 'number' ? target.max : 0.85 }
        : { kind: 'wait', ...(typeof target.maxPWait === 'number' ? { maxPWait: target.maxPWait } : {}), ...(typeof target.maxMeanWaitMs === 'number' ? { maxMeanWaitMs: target.maxMeanWaitMs } : {}) };
    } else {
      return { offset: nameNode.offset, message: `unknown workload setting "${name}"` };
    }
  }
  return undefined;
}
