// Terraform plans (`terraform show -json`) from OpenTofu's and terraform-json's own test data (MPL-2.0, see
// test/fixtures/tfplan/NOTICE): counts, replacements either way round, values known after apply, what forces
// a replacement, moves, drift, outputs, links to the declaring HCL, and sensitive values in no format at all.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { main } from '../../../src/cli/main';
import { readPlanJson, PlanJson, Marks, JsonValue } from '../../../src/core/terraform/plan/planJson';
import { buildPlanView, classifyActions, KNOWN_AFTER_APPLY, resourceSides, SENSITIVE } from '../../../src/core/terraform/plan/planView';
import { planTree, PlanTreeNode } from '../../../src/core/terraform/plan/planTree';
import { formatPlanMarkdown, formatPlanText, planJsonReport } from '../../../src/core/terraform/plan/formatPlan';

const dir = path.join(__dirname, '../../fixtures/tfplan');
const load = (rel: string): PlanJson => {
  const r = readPlanJson(readFileSync(path.join(dir, rel), 'utf8'));
  assert.ok(r.ok, rel);
  return r.plan;
};
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function treeText(nodes: PlanTreeNode[]): string {
  return nodes.map((n) => `${n.label} ${'description' in n ? n.description ?? '' : ''}\n${'children' in n ? treeText(n.children) : ''}`).join('');
}

/** Every rendering a user can get: the three CLI formats, the editor's tree and its diff documents. */
function allFormats(plan: PlanJson): string {
  const view = buildPlanView(plan);
  const sides = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])].map((rc) => Object.values(resourceSides(rc.change)).join('\n'));
  return [formatPlanText(view), formatPlanMarkdown(view), JSON.stringify(planJsonReport(view)), treeText(planTree(view)), ...sides].join('\n');
}

test('summary counts per fixture', () => {
  const counts = (rel: string) => {
    const s = buildPlanView(load(rel)).summary;
    return [s.create, s.update, s.delete, s.replace, s.read, s.noop, s.forget, s.move, s.import, s.drift];
  };
  assert.deepEqual(counts('opentofu/sensitive-values.json'), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(counts('opentofu/drift.json'), [0, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(counts('opentofu/requires-replace.json'), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(counts('opentofu/moved.json'), [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(counts('terraform-json/110_sensitive_values/plan.json'), [7, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(counts('terraform-json/action_reason/plan.json'), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
});

test('actions: a replace is one action in either order; forget, read and no-op', () => {
  assert.equal(classifyActions(['delete', 'create']), 'replace');
  assert.equal(classifyActions(['create', 'delete']), 'replace');
  assert.equal(classifyActions(['forget']), 'forget');
  assert.equal(classifyActions(['read']), 'read');
  assert.equal(classifyActions(['no-op']), 'no-op');
  const cbd = clone(load('opentofu/requires-replace.json'));
  cbd.resource_changes![0].change.actions = ['create', 'delete'];
  assert.match(formatPlanText(buildPlanView(cbd)), /-\/\+ test_instance\.test — an attribute that cannot change in place; create before destroy; forced by ami/);
  // No public plan fixture carries "forget" (removed blocks, Terraform 1.7+): the same resource, forgotten.
  const forget = clone(load('opentofu/requires-replace.json'));
  forget.resource_changes![0].change = { ...forget.resource_changes![0].change, actions: ['forget'], after: null };
  delete forget.resource_changes![0].action_reason;
  const v = buildPlanView(forget);
  assert.equal(v.summary.forget, 1);
  assert.match(formatPlanText(v), /Plan: 0 to add, 0 to change, 0 to destroy, 1 to forget\./);
});

test('attribute changes: known after apply, forces replacement, moves, reasons and drift', () => {
  const rr = buildPlanView(load('opentofu/requires-replace.json')).changes[0];
  assert.deepEqual(rr.attributes, [
    { path: 'ami', kind: 'changed', before: '"bar"', after: '"force-replace"', forcesReplacement: true },
    { path: 'id', kind: 'changed', before: '"placeholder"', after: KNOWN_AFTER_APPLY },
  ]);
  assert.deepEqual([rr.action, rr.actionReason, rr.replacePaths], ['replace', 'replace_because_cannot_update', ['ami']]);
  const moved = buildPlanView(load('opentofu/moved.json')).changes[0];
  assert.deepEqual([moved.address, moved.previousAddress, moved.action], ['test_instance.baz', 'test_instance.foo', 'update']);
  const drift = buildPlanView(load('opentofu/drift.json'));
  assert.deepEqual(drift.drift.map((d) => [d.address, d.attributes]), [['test_instance.should_refresh', [{ path: 'ami', kind: 'changed', before: '"refresh-me"', after: '"refreshed"' }]]]);
  const text = formatPlanText(drift);
  assert.ok(text.indexOf('Changed outside Terraform:') < text.indexOf('Resource changes:'));
  const created = buildPlanView(load('terraform-json/110_sensitive_values/plan.json'));
  assert.deepEqual(created.changes.find((c) => c.address === 'null_resource.bar')!.attributes, [
    { path: 'id', kind: 'added', after: KNOWN_AFTER_APPLY },
    { path: 'triggers', kind: 'added', after: KNOWN_AFTER_APPLY },
  ]);
  assert.deepEqual(created.outputs.map((o) => [o.name, o.after]).slice(0, 3), [['foo', SENSITIVE], ['interpolated', KNOWN_AFTER_APPLY], ['interpolated_deep', KNOWN_AFTER_APPLY]]);
  const tainted = buildPlanView(load('terraform-json/action_reason/plan.json'));
  assert.match(formatPlanText(tainted), /-\/\+ null_resource\.example — tainted; destroy before create/);
  assert.match(formatPlanMarkdown(tainted), /\| 0 \| 0 \| 0 \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
});

test('sensitive values: the plan holds "boop" in plain text (variables, values, outputs); no format prints it', () => {
  const raw = readFileSync(path.join(dir, 'opentofu/sensitive-values.json'), 'utf8');
  assert.ok(raw.split('boop').length > 4, 'the fixture does carry the secret');
  const out = allFormats(load('opentofu/sensitive-values.json'));
  assert.ok(!out.includes('boop'), out);
  assert.ok(out.includes(SENSITIVE));
});

test('sensitive values: nested marks (map keys, list elements, whole values) hide exactly the marked parts', () => {
  const plan = clone(load('opentofu/moved.json'));
  plan.resource_changes![0].change = {
    actions: ['update'],
    before: { ami: 'foo', tags: { owner: 'team-a', token: 'OLD-SECRET-1' }, keys: ['public-key', 'OLD-SECRET-2'], password: 'OLD-SECRET-3' },
    after: { ami: 'baz', tags: { owner: 'team-b', token: 'NEW-SECRET-1' }, keys: ['public-key', 'NEW-SECRET-2'], password: 'NEW-SECRET-3' },
    before_sensitive: { tags: { token: true }, keys: [false, true], password: true },
    after_sensitive: { tags: { token: true }, keys: [false, true], password: true },
    after_unknown: {},
  };
  plan.output_changes = { conn: { actions: ['update'], before: { host: 'db', pass: 'OLD-SECRET-4' }, after: { host: 'db2', pass: 'NEW-SECRET-4' }, before_sensitive: { pass: true }, after_sensitive: true } };
  const view = buildPlanView(plan);
  assert.deepEqual(view.changes[0].attributes, [
    { path: 'ami', kind: 'changed', before: '"foo"', after: '"baz"' },
    { path: 'keys[1]', kind: 'changed', before: SENSITIVE, after: SENSITIVE },
    { path: 'password', kind: 'changed', before: SENSITIVE, after: SENSITIVE },
    { path: 'tags.owner', kind: 'changed', before: '"team-a"', after: '"team-b"' },
    { path: 'tags.token', kind: 'changed', before: SENSITIVE, after: SENSITIVE },
  ]);
  assert.deepEqual(view.outputs[0], { name: 'conn', action: 'update', before: SENSITIVE, after: SENSITIVE, sensitive: true });
  const out = allFormats(plan);
  assert.ok(!/SECRET/.test(out), out);
  assert.ok(out.includes('team-b'));
});

// Random resources: every leaf string marked sensitive (itself or through an ancestor) is a SECRET token.
type Tree = { value: JsonValue; marks: Marks };
const leaf = (secret: boolean) => fc.string({ minLength: 1, maxLength: 6 }).map((s): Tree => ({ value: `${secret ? 'SECRET' : 'pub'}_${s}`, marks: secret }));
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().chain(leaf),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('node'), { maxKeys: 3 }).map((d): Tree => ({ value: Object.fromEntries(Object.entries(d).map(([k, t]) => [k, t.value])), marks: Object.fromEntries(Object.entries(d).map(([k, t]) => [k, t.marks])) })),
    fc.array(tie('node'), { maxLength: 3 }).map((a): Tree => ({ value: a.map((t) => t.value), marks: a.map((t) => t.marks) })),
    // A whole subtree marked at its root: its leaves are secrets whatever their own mark says.
    tie('node').map((t): Tree => ({ value: JSON.parse(JSON.stringify(t.value).replace(/"pub_/g, '"SECRET_')) as JsonValue, marks: true })),
  ),
})).node;

test('sensitive values (property): for any nesting of marked values, no output format contains a marked leaf', () => {
  const base = load('opentofu/moved.json');
  fc.assert(
    fc.property(tree, tree, fc.constantFrom(['update'], ['create'], ['delete'], ['delete', 'create']), (before, after, actions) => {
      const plan = clone(base);
      plan.resource_changes![0].change = { actions: [...actions], before: before.value, after: after.value, before_sensitive: before.marks, after_sensitive: after.marks, after_unknown: {} };
      plan.output_changes = { o: { actions: [...actions], before: before.value, after: after.value, before_sensitive: before.marks, after_sensitive: after.marks } };
      const out = allFormats(plan);
      return !out.includes('SECRET_');
    }),
    { numRuns: 400 },
  );
});

test('editor tree and diff sides: modules group resources, attributes under them; sides are masked JSON', () => {
  const view = buildPlanView(load('terraform-json/110_sensitive_values/plan.json'));
  const tree = planTree(view);
  assert.deepEqual(tree.map((n) => n.label), ['Plan: 7 to add, 0 to change, 0 to destroy.', '(root module)', 'module.foo', 'Outputs']);
  const foo = tree[2] as Extract<PlanTreeNode, { kind: 'group' }>;
  assert.deepEqual(foo.children.map((c) => [c.label, c.kind === 'resource' ? c.children.map((a) => `${a.label}: ${'description' in a ? a.description : ''}`) : []]), [
    ['null_resource.aliased', ['id: + (known after apply)']],
    ['null_resource.foo', ['id: + (known after apply)', 'triggers.foo: + "bar"']],
  ]);
  const drift = planTree(buildPlanView(load('opentofu/drift.json')));
  assert.equal(drift[1].label, 'Changed outside Terraform');
  const sensitive = load('opentofu/sensitive-values.json').resource_changes![0].change;
  assert.deepEqual(resourceSides(sensitive), { before: '', after: `{\n  "ami": "${SENSITIVE}",\n  "id": "${KNOWN_AFTER_APPLY}"\n}\n` });
  const replaced = resourceSides(load('opentofu/requires-replace.json').resource_changes![0].change);
  assert.match(replaced.before, /"ami": "bar"/);
  assert.match(replaced.after, /"ami": "force-replace"/);
});

async function run(cwd: string, args: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {}, ...(stdin !== undefined ? { stdin: async () => stdin } : {}) });
  return { code, out, err };
}

test('tfplan CLI: resources link to the line that declares them, through local modules; root resources without sources do not', async () => {
  let r = await run(dir, ['tfplan', 'terraform-json/deep_module/plan.json', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const deep = JSON.parse(r.out);
  assert.match(deep.changes[0].source.file, /terraform-json\/deep_module\/foo\/bar\/main\.tf$/);
  assert.equal(deep.changes[0].source.line, 4);
  r = await run(dir, ['tfplan', 'terraform-json/110_sensitive_values/plan.json', '--format', 'json']);
  const sources = Object.fromEntries(JSON.parse(r.out).changes.map((c: { address: string; source?: { line: number } }) => [c.address, c.source?.line ?? null]));
  assert.deepEqual([sources['module.foo.null_resource.foo'], sources['module.foo.null_resource.aliased'], sources['null_resource.foo']], [21, 27, null]);
  r = await run(dir, ['tfplan', 'terraform-json/deep_module/plan.json', '--no-source', '--format', 'json']);
  assert.equal(JSON.parse(r.out).changes[0].source, undefined);
  r = await run(dir, ['tfplan', '-', '--format', 'markdown', '--no-source'], readFileSync(path.join(dir, 'opentofu/requires-replace.json'), 'utf8'));
  assert.equal(r.code, 0);
  assert.match(r.out, /^### Terraform plan: Plan: 0 to add, 0 to change, 0 to destroy, 1 to replace\./);
  assert.match(r.out, /! ami = "bar" → "force-replace" {2}# forces replacement/);
});

test('tfplan CLI: bad input is a clear message and exit 2; an errored plan exits 1', async () => {
  const cases: Array<[string, RegExp]> = [
    ['{not json', /not JSON/],
    ['PK\u0003\u0004binary', /binary plan file; convert it with `terraform show -json PLANFILE/],
    ['{"format_version":"1.0","values":{}}', /no planned changes \(is it state/],
    ['{"resource_changes":[]}', /no "format_version"/],
    ['{"format_version":"1.0","resource_changes":[{"address":"a.b"}]}', /resource_changes\[0\] \(a\.b\) has no change\.actions/],
  ];
  for (const [text, message] of cases) {
    const r = await run(dir, ['tfplan', '-'], text);
    assert.equal(r.code, 2, text);
    assert.match(r.err, message);
  }
  let r = await run(dir, ['tfplan', 'missing.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read missing\.json/);
  r = await run(dir, ['tfplan']);
  assert.equal(r.code, 2);
  r = await run(dir, ['tfplan', 'x.json', '--format', 'html']);
  assert.equal(r.code, 2);
  const errored = clone(load('opentofu/moved.json')) as PlanJson & { errored: boolean };
  errored.errored = true;
  r = await run(dir, ['tfplan', '-', '--no-source'], JSON.stringify(errored));
  assert.equal(r.code, 1);
  assert.match(r.out, /The plan errored/);
});
