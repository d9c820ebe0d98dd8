// `reconcile.kubernetesVersion` and `reconcile.validation.*`, read into plain data for the core.
import * as vscode from 'vscode';
import { Severity } from '../../core/types';
import { RULES, SeverityOverrides } from '../../core/validate/ruleCatalog';

export interface ValidationSettings {
  enabled: boolean;
  kubernetesVersion: string;
  severity: SeverityOverrides;
  schemaFolders: string[];
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readValidationSettings(scope: vscode.Uri, logger: { warn(m: string): void }): ValidationSettings {
  const c = vscode.workspace.getConfiguration('reconcile', scope);
  const severity: SeverityOverrides = {};
  const raw = c.get<Record<string, unknown>>('validation.severity') ?? {};
  for (const [code, level] of Object.entries(raw)) {
    // A typo in settings should say so, not silently do nothing.
    if (!RULES.has(code) || typeof level !== 'string' || !LEVELS.has(level)) {
      logger.warn(`reconcile.validation.severity: ignoring ${code}=${String(level)} (codes: RC0001…; levels: error, warning, info, hint, off)`);
      continue;
    }
    severity[code] = level as Severity | 'off';
  }
  return {
    enabled: c.get<boolean>('validation.enabled') ?? true,
    kubernetesVersion: c.get<string>('kubernetesVersion') ?? '1.34',
    severity,
    schemaFolders: c.get<string[]>('validation.schemaFolders') ?? [],
  };
}
