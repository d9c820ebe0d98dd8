// `reconcile.drift.*` settings, checked: a bad ignore rule is reported by name, never silently applied
// halfway. No `vscode` import (unit-tested).
import { IgnoreRule } from '../../core/diff/types';

const STRING_LISTS = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'] as const;
const STRINGS = ['group', 'name', 'namespace'] as const;

export function parseIgnoreDifferences(raw: unknown): { rules: IgnoreRule[]; problems: string[] } {
  const rules: IgnoreRule[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (!Array.isArray(raw)) return { rules, problems: ['reconcile.drift.ignoreDifferences must be a list of rules.'] };
  raw.forEach((r, i) => {
    const where = `reconcile.drift.ignoreDifferences[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return void problems.push(`${where} is not an object.`);
    const o = r as Record<string, unknown>;
    if (typeof o.kind !== 'string' || !o.kind) return void problems.push(`${where} needs a "kind" (use "*" for every kind).`);
    const rule: IgnoreRule = { kind: o.kind };
    for (const k of STRINGS) {
      if (o[k] === undefined) continue;
      if (typeof o[k] !== 'string') return void problems.push(`${where}.${k} must be a string.`);
      rule[k] = o[k] as string;
    }
    for (const k of STRING_LISTS) {
      if (o[k] === undefined) continue;
      const v = o[k];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return void problems.push(`${where}.${k} must be a list of strings.`);
      rule[k] = v as string[];
    }
    const bad = (rule.jsonPointers ?? []).find((p) => !p.startsWith('/'));
    if (bad !== undefined) return void problems.push(`${where}.jsonPointers: "${bad}" is not a JSON pointer (it must start with "/", e.g. /spec/replicas).`);
    rules.push(rule);
  });
  return { rules, problems };
}
