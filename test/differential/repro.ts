// A difference as a minimal reproduction on disk: the input tree, both outputs, and what differs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Tree, writeTree } from './tree';
import { Outcome, Side } from './compare';

export function caseName(prefix: string, tree: Tree): string {
  const h = createHash('sha256').update(JSON.stringify(tree)).digest('hex').slice(0, 8);
  return `${prefix.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}-${h}`;
}

function writeSide(dir: string, name: string, s: Side): void {
  if (s.ok) writeFileSync(join(dir, `${name}.yaml`), s.yaml);
  else writeFileSync(join(dir, `${name}-error.txt`), s.message + '\n');
}

/** Writes `<out>/<name>/input/...`, `ours.yaml|ours-error.txt`, `kustomize.yaml|kustomize-error.txt`, `README.md`. */
export function writeRepro(out: string, name: string, tree: Tree, entry: string, o: Outcome, how: string): string {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  writeTree(join(dir, 'input'), tree);
  writeSide(dir, 'ours', o.ours);
  writeSide(dir, 'kustomize', o.theirs);
  writeFileSync(join(dir, 'README.md'), [
    `# ${name}`,
    '',
    `verdict: ${o.verdict}${o.verdict === 'equal' ? ' (objects equal, bytes differ)' : ''}`,
    `entry: input/${entry}`,
    `found by: ${how}`,
    '',
    '```',
    o.detail,
    '```',
    '',
    `Reproduce: \`kubectl kustomize input/${entry}\` and \`node dist/cli.js render input/${entry}\`.`,
    '',
  ].join('\n'));
  return dir;
}
