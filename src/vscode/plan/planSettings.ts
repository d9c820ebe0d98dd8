// `reconcile.plan.*` settings, checked: a bad value is reported by name and replaced by its default, so
// the view keeps working. No `vscode` import (unit-tested).
import { DEFAULT_CHURN_RULES } from '../../core/plan/compareRenders';

export interface PlanSettings {
  enabled: boolean;
  /** A revision git understands (`HEAD`, `main`, `origin/main`, a commit id). */
  base: string;
  debounceMs: number;
  churn: string[];
}

export const DEFAULT_PLAN_SETTINGS: PlanSettings = { enabled: true, base: 'HEAD', debounceMs: 400, churn: DEFAULT_CHURN_RULES };

// Typing must never start a plan per keystroke, and a plan must not wait more than a few seconds.
const MIN_DEBOUNCE = 50;
const MAX_DEBOUNCE = 10_000;

/** What git accepts as a revision here: no option-looking values, no whitespace, no `..` ranges. */
export function isPlausibleRevision(s: string): boolean {
  return s.length > 0 && s.length <= 250 && !/\s/.test(s) && !s.startsWith('-') && !s.includes('..');
}

/** `get(key)`: the raw value of `reconcile.plan.<key>` (undefined when unset). */
export function readPlanSettings(get: (key: string) => unknown): { settings: PlanSettings; problems: string[] } {
  const problems: string[] = [];
  const s: PlanSettings = { ...DEFAULT_PLAN_SETTINGS, churn: [...DEFAULT_PLAN_SETTINGS.churn] };
  const enabled = get('enabled');
  if (typeof enabled === 'boolean') s.enabled = enabled;
  else if (enabled !== undefined) problems.push('reconcile.plan.enabled must be true or false.');
  const base = get('base');
  if (typeof base === 'string' && base.trim() !== '') {
    if (isPlausibleRevision(base.trim())) s.base = base.trim();
    else problems.push(`reconcile.plan.base: "${base}" is not a branch, tag or commit name; using HEAD.`);
  } else if (base !== undefined && base !== '') problems.push('reconcile.plan.base must be a string (a branch, tag or commit).');
  const debounce = get('debounceMs');
  if (typeof debounce === 'number' && Number.isFinite(debounce)) s.debounceMs = Math.min(MAX_DEBOUNCE, Math.max(MIN_DEBOUNCE, Math.round(debounce)));
  else if (debounce !== undefined) problems.push(`reconcile.plan.debounceMs must be a number of milliseconds; using ${DEFAULT_PLAN_SETTINGS.debounceMs}.`);
  const churn = get('churn');
  if (Array.isArray(churn) && churn.every((c) => typeof c === 'string')) s.churn = churn as string[];
  else if (churn !== undefined) problems.push('reconcile.plan.churn must be a list of glob patterns over label and annotation keys.');
  return { settings: s, problems };
}
