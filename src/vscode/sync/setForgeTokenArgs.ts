// The argument of `reconcile.setForgeToken`, checked; no `vscode` import so it is unit-testable.
import { FORGE_KINDS, ForgeKind } from '../../core/sync/forge/detect';

/** Target and token for running the command without prompts (automation, tests). */
export interface SetForgeTokenArgs {
  kind?: ForgeKind;
  /** API base URL of the forge, e.g. `https://git.example.com/api/v1`. */
  apiUrl?: string;
  /** The token; an empty string removes the stored one. Only ever passed on to SecretStorage. */
  token?: string;
}

export function parseSetForgeTokenArgs(arg: unknown): { args: SetForgeTokenArgs; problem?: string } {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return { args: {} };
  const a = arg as Record<string, unknown>;
  const args: SetForgeTokenArgs = {};
  if (a.kind !== undefined) {
    if (typeof a.kind !== 'string' || !(FORGE_KINDS as readonly string[]).includes(a.kind)) return { args: {}, problem: `"kind" must be one of ${FORGE_KINDS.join(', ')}.` };
    args.kind = a.kind as ForgeKind;
  }
  if (a.apiUrl !== undefined) {
    const url = typeof a.apiUrl === 'string' ? normalizeApiUrl(a.apiUrl) : undefined;
    if (!url) return { args: {}, problem: '"apiUrl" must be an http(s) URL.' };
    args.apiUrl = url;
  }
  if ((args.kind === undefined) !== (args.apiUrl === undefined)) return { args: {}, problem: '"kind" and "apiUrl" go together.' };
  if (a.token !== undefined) {
    if (typeof a.token !== 'string') return { args: {}, problem: '"token" must be a string.' };
    args.token = a.token;
  }
  return { args };
}

/** An http(s) URL without trailing slashes, or undefined. */
export function normalizeApiUrl(text: string): string | undefined {
  try {
    const u = new URL(text.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return text.trim().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
