// Runs one converted krusty case against the built-in engine; shared by the test and the report writer.
import { posix } from 'node:path';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { MemoryFileSystem } from './memoryFs';

export interface KrustyStep {
  op: 'write' | 'run' | 'reset';
  path?: string;
  content?: string;
  expected?: string;
  /** Substrings the upstream test checks in the error message ('' when it only checks that there is one). */
  expectError?: string[];
  /** `opts.Reorder = krusty.ReorderOptionLegacy`: legacy output order instead of the harness default. */
  order?: 'legacy';
}

export interface KrustyCase {
  file: string;
  name: string;
  steps: KrustyStep[];
}

const ROOT = '/';

/** First line where two texts differ, for failure reasons. */
export function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}: got ${JSON.stringify(a[i] ?? '<end>')}, want ${JSON.stringify(e[i] ?? '<end>')}`;
  }
  return 'identical';
}

/** Returns undefined on pass, else the reason. */
export async function runKrustyCase(c: KrustyCase): Promise<string | undefined> {
  const fs = new MemoryFileSystem();
  for (const step of c.steps) {
    if (step.op === 'reset') fs.clear();
    else if (step.op === 'write') fs.write(posix.join(ROOT, step.path ?? ''), step.content ?? '');
    else {
      const result = await renderKustomization(fs, posix.join(ROOT, step.path ?? '.'), { root: ROOT, defaultOrder: step.order ?? 'fifo' });
      if (step.expectError) {
        if (result.ok) return `expected an error${step.expectError.length ? ` containing ${JSON.stringify(step.expectError[0])}` : ''}, got output`;
        continue;
      }
      if (!result.ok) return `error: ${result.error.message}`;
      const expected = (step.expected ?? '').replace(/^\n/, '');
      if (result.yaml !== expected) return firstDifference(result.yaml, expected);
    }
  }
  return undefined;
}
