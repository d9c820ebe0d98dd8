// Ignore rules in Argo CD's `ignoreDifferences` shape, applied to both normalized sides before comparing.
import { KubeObject } from '../types';
import { managerTrees } from './ownership';
import { IgnoreRule } from './types';

function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

export function ruleMatches(rule: IgnoreRule, o: KubeObject): boolean {
  if (rule.kind !== '*' && rule.kind !== o.kind) return false;
  if (rule.group !== undefined && rule.group !== '*' && rule.group !== groupOf(o.apiVersion)) return false;
  if (rule.name && rule.name !== o.metadata?.name) return false;
  if (rule.namespace && rule.namespace !== o.metadata?.namespace) return false;
  return true;
}

/** Remove the value at an RFC 6901 JSON pointer (no-op when absent). */
export function removePointer(o: unknown, pointer: string): void {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length === 0) return;
  let cur: unknown = o;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (typeof cur === 'object' && cur !== null) cur = (cur as Record<string, unknown>)[p];
    else return;
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(cur)) {
    const i = Number(last);
    if (Number.isInteger(i) && i < cur.length) cur.splice(i, 1);
  } else if (typeof cur === 'object' && cur !== null) delete (cur as Record<string, unknown>)[last];
}

type FieldsNode = { [key: string]: FieldsNode };

/** Remove from `o` every field a FieldsV1 tree names (leaves and whole keyed items). */
export function removeFields(o: unknown, tree: FieldsNode, field = ''): void {
  for (const [k, sub] of Object.entries(tree)) {
    if (k === '.') continue;
    const leaf = Object.keys(sub).every((x) => x === '.');
    if (k.startsWith('f:') && typeof o === 'object' && o !== null && !Array.isArray(o)) {
      const name = k.slice(2);
      const rec = o as Record<string, unknown>;
      if (!(name in rec)) continue;
      if (leaf) delete rec[name];
      else removeFields(rec[name], sub, name);
    } else if (k.startsWith('k:') && Array.isArray(o)) {
      let key: Record<string, unknown>;
      try {
        key = JSON.parse(k.slice(2)) as Record<string, unknown>;
      } catch {
        continue;
      }
      const idx = o.findIndex((item) => typeof item === 'object' && item !== null && Object.entries(key).every(([kk, v]) => ((item as Record<string, unknown>)[kk] ?? (kk === 'protocol' ? 'TCP' : undefined)) === v));
      if (idx < 0) continue;
      // A manager that owns the item itself ('.') owns all of it.
      if (leaf || '.' in sub) o.splice(idx, 1);
      else removeFields(o[idx], sub, field);
    }
  }
}

/** Apply the matching rules to both sides in place; returns notes about unsupported parts. */
export function applyIgnoreRules(rules: IgnoreRule[], git: KubeObject | undefined, live: KubeObject | undefined, rawLive: KubeObject | undefined): string[] {
  const notes: string[] = [];
  const subject = git ?? live;
  if (!subject) return notes;
  for (const rule of rules) {
    if (!ruleMatches(rule, subject)) continue;
    for (const p of rule.jsonPointers ?? []) {
      removePointer(git, p);
      removePointer(live, p);
    }
    if (rule.managedFieldsManagers?.length && rawLive) {
      for (const tree of managerTrees(rawLive, rule.managedFieldsManagers)) {
        removeFields(git, tree);
        removeFields(live, tree);
      }
    }
    if (rule.jqPathExpressions?.length) notes.push(`jqPathExpressions in ignore rules are not supported yet (rule for ${rule.kind}); use jsonPointers.`);
  }
  return notes;
}
