// The "Terraform" group of the GitOps Resources tree (src/vscode/resources/terraformTreeModel.ts), on the real
// Terraform index of the fixture repositories: directories (root modules and called modules), their blocks by
// Terraform address in five groups, each leaf at the line its block starts on, problems counted, and no group
// (nor HCL parser) for a repository without Terraform files.
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { hclParserLoaded, loadHclParser } from '../../../src/core/terraform/hclParser';
import { indexTerraform, readTerraformText } from '../../../src/core/terraform/terraformIndex';
import { replaceTerraformFile } from '../../../src/core/terraform/terraformIndexUpdate';
import { buildTerraformTree, callersByDir, TerraformTreeNode, TERRAFORM_GROUP_LABEL } from '../../../src/vscode/resources/terraformTreeModel';

const FIXTURES = path.resolve(__dirname, '../../fixtures/terraform');
const E2E = path.resolve(__dirname, '../../fixtures/e2e-repo');

const kids = (n: TerraformTreeNode): TerraformTreeNode[] => (n.type === 'tfBlock' ? [] : n.children);
const dirNode = (group: TerraformTreeNode, label: string): Extract<TerraformTreeNode, { type: 'tfDir' }> => {
  const d = kids(group).find((c) => c.label === label);
  assert.ok(d && d.type === 'tfDir', `no directory ${label} in ${kids(group).map((c) => c.label).join(', ')}`);
  return d;
};
const outline = (n: TerraformTreeNode): unknown => (n.type === 'tfBlock' ? n.label : { [n.label]: kids(n).map(outline) });

// First in the file (each test file is its own process): nothing has loaded the parser yet.
test('terraform tree: a repository without Terraform files has no group, and the HCL parser is never loaded', async () => {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tftree-'));
  try {
    await fsp.cp(path.join(E2E, 'apps'), path.join(root, 'apps'), { recursive: true });
    const idx = await indexTerraform(root, nodeFileSystem);
    assert.equal(buildTerraformTree(idx), undefined);
    assert.equal(hclParserLoaded(), false, 'a Kubernetes-only repository must not pay for the parser');
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
});

test('terraform tree: the monorepo fixture, directory by directory, root modules told from called modules', async () => {
  const idx = await indexTerraform(path.join(FIXTURES, 'monorepo'), nodeFileSystem);
  const group = buildTerraformTree(idx);
  assert.ok(group && group.type === 'terraform');
  assert.equal(group.label, TERRAFORM_GROUP_LABEL);
  assert.deepEqual(kids(group).map((c) => c.label), ['envs/dev', 'envs/prod', 'live/terragrunt/dev/app', 'live/terragrunt/dev/vpc', 'modules/network', 'modules/service', 'modules/service/iam', 'platform/dns']);
  // Called: network (by both envs and a terragrunt `source`), service (by dev and by terragrunt's
  // `source = "../../../../modules/service"`), iam (by service).
  assert.deepEqual(Object.fromEntries(callersByDir(idx)), {
    'modules/network': ['envs/dev', 'envs/prod', 'live/terragrunt/dev/vpc'],
    'modules/service': ['envs/dev', 'live/terragrunt/dev/app'],
    'modules/service/iam': ['modules/service'],
  });
  assert.equal(group.description, '8 directories · 5 root modules');
  assert.equal(dirNode(group, 'envs/dev').root, true);
  assert.match(dirNode(group, 'envs/dev').description, /^root module/);
  assert.equal(dirNode(group, 'modules/network').root, false);
  assert.equal(dirNode(group, 'modules/network').description, 'module · called from envs/dev, envs/prod, live/terragrunt/dev/vpc · 4 resources');
  assert.match(dirNode(group, 'live/terragrunt/dev/app').description, /^terragrunt/);
});

test('terraform tree: a directory lists resources, data sources, modules, variables and outputs by address, at their lines', async () => {
  const root = path.join(FIXTURES, 'monorepo');
  const group = buildTerraformTree(await indexTerraform(root, nodeFileSystem))!;
  assert.deepEqual(outline(dirNode(group, 'modules/network')), {
    'modules/network': [
      { Resources: ['aws_internet_gateway.this', 'aws_subnet.private', 'aws_subnet.public', 'aws_vpc.this'] },
      { 'Data sources': ['data.aws_region.current'] },
      { Variables: ['var.availability_zones', 'var.cidr_block', 'var.name', 'var.tags'] },
      { Outputs: ['output.private_subnet_ids', 'output.vpc_id'] },
    ],
  });
  const dev = dirNode(group, 'envs/dev');
  const modules = kids(dev).find((c) => c.label === 'Modules')!;
  assert.deepEqual(
    kids(modules).map((m) => m.description),
    ['../../modules/service · envs/dev/main.tf:20', 'terraform-aws-modules/s3-bucket/aws · envs/dev/main.tf:28', '../../modules/network · envs/dev/main.tf:14'],
  );
  // Every leaf opens its file at the line where its block is declared (checked against the file's own text).
  const leaves = (n: TerraformTreeNode): Array<Extract<TerraformTreeNode, { type: 'tfBlock' }>> => (n.type === 'tfBlock' ? [n] : kids(n).flatMap(leaves));
  const all = leaves(group);
  assert.ok(all.length > 30, `${all.length} leaves`);
  for (const leaf of all) {
    const line = readFileSync(path.join(root, leaf.file), 'utf8').split('\n')[leaf.line];
    if (leaf.category === 'file') continue;
    const [word, ...rest] = leaf.label.split('.');
    const expected =
      leaf.category === 'resource' ? `resource "${word}" "${rest.join('.')}"` : leaf.category === 'data' ? `data "${rest[0]}" "${rest[1]}"` : `${{ module: 'module', variable: 'variable', output: 'output' }[leaf.category]} "${rest[0]}"`;
    // JSON: the block's line holds its name as a key.
    if (leaf.file.endsWith('.json')) assert.ok(line?.includes(`"${leaf.label.split('.').pop()}"`), `${leaf.label}: ${leaf.file}:${leaf.line + 1} is "${line}"`);
    else assert.ok(line?.startsWith(expected), `${leaf.label}: ${leaf.file}:${leaf.line + 1} is "${line}", expected "${expected}"`);
  }
  // A terragrunt directory has none of the five kinds: its file is the leaf.
  assert.deepEqual(outline(dirNode(group, 'live/terragrunt/dev/vpc')), { 'live/terragrunt/dev/vpc': ['terragrunt.hcl'] });
  const ids = all.map((l) => l.id);
  assert.equal(new Set(ids).size, ids.length, 'tree ids are unique');
});

test('terraform tree: problems (syntax RC2001, module source RC2002) are counted per directory, and the blocks after an error stay', async () => {
  const group = buildTerraformTree(await indexTerraform(path.join(FIXTURES, 'broken'), nodeFileSystem))!;
  const root = dirNode(group, '.');
  assert.equal(root.dir, '');
  assert.ok(root.problems >= 3, `${root.problems} problems`);
  assert.match(root.description, /\d+ problems$/);
  const resources = kids(root).find((c) => c.label === 'Resources')!;
  assert.ok(kids(resources).some((r) => r.label === 'aws_s3_bucket.after_error'), 'the block after the syntax error is listed');
});

test('terraform tree: an edit that removes the last module call makes the module a root module; duplicate addresses keep distinct ids', async () => {
  const root = path.join(E2E);
  const idx = await indexTerraform(root, nodeFileSystem);
  const before = buildTerraformTree(idx)!;
  assert.deepEqual(kids(before).map((d) => [d.label, (d as { root: boolean }).root]), [['terraform', true], ['terraform/modules/network', false]]);
  assert.deepEqual(outline(dirNode(before, 'terraform')), {
    terraform: [{ Resources: ['aws_s3_bucket.logs'] }, { 'Data sources': ['data.aws_caller_identity.current'] }, { Modules: ['module.network'] }, { Variables: ['var.region'] }, { Outputs: ['output.bucket'] }],
  });
  const text = readFileSync(path.join(root, 'terraform/main.tf'), 'utf8').replace(/module "network" \{[^}]*\}/, 'resource "aws_s3_bucket" "logs" {\n}');
  replaceTerraformFile(idx, 'terraform/main.tf', readTerraformText(await loadHclParser(), 'terraform/main.tf', text));
  const after = buildTerraformTree(idx)!;
  assert.equal(dirNode(after, 'terraform/modules/network').root, true);
  const buckets = kids(kids(dirNode(after, 'terraform')).find((c) => c.label === 'Resources')!);
  assert.deepEqual(buckets.map((b) => b.label), ['aws_s3_bucket.logs', 'aws_s3_bucket.logs']);
  assert.notEqual(buckets[0].id, buckets[1].id);
});
