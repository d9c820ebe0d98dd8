// The text of the two sides of a history diff: the rendered object as YAML in the renderer's key order,
// Secret values masked the way the drift engine does it (equal values, equal masks; a changed value shows
// as a different mask), so a diff never puts a secret on screen.
import { stringify } from 'yaml';
import { maskSecretPair } from '../../core/diff/mask';
import type { KubeObject } from '../../core/types';

const ABSENT = (what: string) => `# ${what}\n`;

function clone(o: KubeObject | undefined): KubeObject | undefined {
  return o === undefined ? undefined : (JSON.parse(JSON.stringify(o)) as KubeObject);
}

/** Secrets written with `stringData` are masked as well (the renderer keeps what the file says). */
function maskStringData(before: KubeObject | undefined, after: KubeObject | undefined): void {
  const sd = (o: KubeObject | undefined) => (o?.kind === 'Secret' && o.stringData && typeof o.stringData === 'object' ? (o.stringData as Record<string, unknown>) : undefined);
  const b = sd(before);
  const a = sd(after);
  const beforeValues = { ...(b ?? {}) };
  for (const k of Object.keys(b ?? {})) b![k] = '+'.repeat(8);
  for (const k of Object.keys(a ?? {})) a![k] = '+'.repeat(beforeValues[k] !== undefined && beforeValues[k] !== a![k] ? 9 : 8);
}

export function historySideTexts(before: KubeObject | undefined, after: KubeObject | undefined, notes: { before?: string; after?: string } = {}): { before: string; after: string } {
  const b = clone(before);
  const a = clone(after);
  maskStringData(b, a);
  maskSecretPair(b, a);
  return {
    before: b ? stringify(b, { lineWidth: 0 }) : ABSENT(notes.before ?? 'not present before this commit'),
    after: a ? stringify(a, { lineWidth: 0 }) : ABSENT(notes.after ?? 'not present after this commit'),
  };
}
