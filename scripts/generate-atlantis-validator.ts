// Generates src/core/atlantis/generated/repoConfigValidator.js: the atlantis.yaml schema (repoConfigSchema.ts)
// compiled by ajv ahead of time (ajv's standalone code). Compiling the schema at run time costs about 0.35 s of
// CPU in every fresh process (each `reconcile atlantis ...` run, the editor's first atlantis.yaml check, where it
// blocked the extension host); loading the generated module costs about 20 ms.
// test/unit/atlantis/repoConfigValidator.test.ts fails when the file is out of date with the schema.
//   node --import tsx scripts/generate-atlantis-validator.ts [--check]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoConfigValidatorSource } from '../src/core/atlantis/repoConfigValidatorSource';

const OUT = path.join(__dirname, '..', 'src', 'core', 'atlantis', 'generated', 'repoConfigValidator.js');
const source = repoConfigValidatorSource();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== source) {
    console.error(`${path.relative(process.cwd(), OUT)} is out of date: run node --import tsx scripts/generate-atlantis-validator.ts`);
    process.exit(1);
  }
  console.log('up to date');
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, source);
  console.log(`wrote ${path.relative(process.cwd(), OUT)} (${Math.round(source.length / 1024)} KB)`);
}
