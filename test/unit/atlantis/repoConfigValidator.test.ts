// The precompiled atlantis.yaml validator (src/core/atlantis/generated/repoConfigValidator.js) is what the
// schema compiles to today: a schema edit without regenerating fails here, with the command to run.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoConfigValidatorSource } from '../../../src/core/atlantis/repoConfigValidatorSource';
import { parseRepoConfig } from '../../../src/core/atlantis/repoConfig';

const GENERATED = path.join(__dirname, '../../../src/core/atlantis/generated/repoConfigValidator.js');

test('the generated validator matches the schema (else: node --import tsx scripts/generate-atlantis-validator.ts)', () => {
  assert.ok(fs.readFileSync(GENERATED, 'utf8') === repoConfigValidatorSource(), 'src/core/atlantis/generated/repoConfigValidator.js is out of date with repoConfigSchema.ts: run node --import tsx scripts/generate-atlantis-validator.ts');
});

test('the generated validator reports values it reads from the document (enum suggestion, version pattern)', () => {
  const r = parseRepoConfig('atlantis.yaml', 'version: 3\nautodiscover:\n  mode: enabeld\nprojects:\n  - dir: a\n    terraform_version: latest\n');
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.code}@${d.range.startPos.line + 1}: ${d.message}`),
    ['RC2101@3: "enabeld" is not allowed here; use one of: auto, enabled, disabled (did you mean "enabled"?).', 'RC2101@6: "latest" is not a version Atlantis can read (e.g. 1.6.0 or v1.6.0).'],
  );
});
