// Turns a reproduction written by the harness into a committed regression case:
//   node --import tsx test/differential/promote.ts <reproduction dir> <name> "<what it checks>"
// Reads input/, the entry from README.md and kustomize's side (kustomize.yaml or kustomize-error.txt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree } from './tree';
import { saveRegression } from './regressions';
import { Side } from './compare';

const [repro, name, note] = process.argv.slice(2);
if (!repro || !name || !note || !existsSync(join(repro, 'input'))) {
  process.stderr.write('usage: node --import tsx test/differential/promote.ts <reproduction dir> <name> "<what it checks>"\n');
  process.exit(2);
}
const entry = /^entry: input\/(.*)$/m.exec(readFileSync(join(repro, 'README.md'), 'utf8'))?.[1] ?? '.';
const errFile = join(repro, 'kustomize-error.txt');
const side: Side = existsSync(errFile) ? { ok: false, message: readFileSync(errFile, 'utf8').trim() } : { ok: true, yaml: readFileSync(join(repro, 'kustomize.yaml'), 'utf8') };
process.stdout.write(`${saveRegression(name, readTree(join(repro, 'input')), entry, side, note)}\n`);
