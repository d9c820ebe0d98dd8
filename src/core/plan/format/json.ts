// The plan as JSON (`reconcile plan --format json`, schema version 1; docs/plan.md describes it). `live`
// appears only when a cluster was compared.
import { Plan } from '../types';

export function planJson(p: Plan): Record<string, unknown> {
  const { live, ...rest } = p;
  return { ...rest, ...(live?.computed ? { live } : {}) };
}

export function renderPlanJson(p: Plan): string {
  return JSON.stringify(planJson(p), null, 2) + '\n';
}
