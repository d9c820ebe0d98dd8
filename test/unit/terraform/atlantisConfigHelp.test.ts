// atlantis.yaml hover and completion from the repo-config JSON Schema: the path under the cursor in a real config
// (found the way the editor finds it), the field's type, values and description, and the keys still allowed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { configFieldHelp, configKeyCompletions, configSchemaAt, configValueCompletions } from '../../../src/core/atlantis/repoConfigHelp';
import { mappingPathAtLine, pathAtOffset } from '../../../src/core/validate/editor/pathAt';

const config = path.join(__dirname, '../../fixtures/terraform/atlantis-monorepo.yaml');

test('hover: the key under the cursor in a real atlantis.yaml names its type, whether it is required, and what it does', async () => {
  const text = await fsp.readFile(config, 'utf8');
  const at = (needle: string) => pathAtOffset(text, 0, text.indexOf(needle) + 1)!;
  const dir = at('dir: envs/prod');
  assert.deepEqual(dir, { path: ['projects', 1, 'dir'], on: 'key' });
  const help = configFieldHelp(dir.path)!;
  assert.equal(help.type, 'string');
  assert.equal(help.required, true);
  assert.match(help.description!, /relative to the repository root/);
  const when = configFieldHelp(at('when_modified').path)!;
  assert.deepEqual([when.type, when.required], ['string[]', false]);
  assert.match(when.description!, /relative to the project dir/);
  assert.equal(configFieldHelp(at('enabled: false').path)!.type, 'boolean');
  assert.deepEqual(configFieldHelp(['version'])!.enum, ['2', '3']);
  // Nothing for what the schema does not allow (Atlantis would reject it).
  assert.equal(configFieldHelp(['projects', 0, 'colour']), undefined);
});

test('hover and completion follow workflows (a map of names) into stages and the if/then/else of steps', () => {
  assert.equal(configSchemaAt(['workflows', 'custom', 'plan', 'steps', 0, 'run', 'output'])?.enum !== undefined, true);
  assert.deepEqual(configValueCompletions(['workflows', 'custom', 'plan', 'steps', 0, 'run', 'output']).map((c) => c.label), ['show', 'hide', 'strip_refreshing']);
  assert.deepEqual(configKeyCompletions(['workflows', 'custom'], new Set(['plan'])).map((c) => c.label), ['apply', 'policy_check', 'import', 'state_rm']);
  const stepKeys = configKeyCompletions(['workflows', 'custom', 'plan', 'steps', 0], new Set()).map((c) => c.label);
  for (const k of ['init', 'plan', 'run', 'env', 'multienv']) assert.ok(stepKeys.includes(k), stepKeys.join(', '));
});

test('completion: a half-typed key inside a project proposes the project keys not yet written; values are enums or booleans', async () => {
  const lines = (await fsp.readFile(config, 'utf8')).split('\n');
  // A new key typed under the "dns" project, at its keys' indentation.
  const at = lines.findIndex((l) => l.includes('enabled: false'));
  const edited = [...lines.slice(0, at + 1), '      ', ...lines.slice(at + 1)];
  // At the indentation of `enabled:` the mapping is the project's autoplan; two columns less, the project itself.
  assert.deepEqual(mappingPathAtLine(edited, at + 1, 4, 0), ['projects', 0]);
  const parent = mappingPathAtLine(edited, at + 1, 6, 0)!;
  assert.deepEqual(parent, ['projects', 0, 'autoplan']);
  const keys = configKeyCompletions(parent, new Set(['enabled'])).map((c) => c.label);
  assert.deepEqual(keys, ['when_modified']);
  const projectKeys = configKeyCompletions(['projects', 0], new Set(['name', 'dir', 'autoplan'])).map((c) => c.label);
  assert.ok(projectKeys.includes('workspace') && projectKeys.includes('terraform_distribution') && !projectKeys.includes('dir'), projectKeys.join(', '));
  assert.deepEqual(configValueCompletions(['projects', 0, 'terraform_distribution']).map((c) => c.label), ['terraform', 'opentofu']);
  assert.deepEqual(configValueCompletions(['automerge']).map((c) => c.label), ['true', 'false']);
  assert.deepEqual(configValueCompletions(['projects', 0, 'dir']), []);
  assert.deepEqual(configKeyCompletions(['nope', 'deeper'], new Set()), []);
});
