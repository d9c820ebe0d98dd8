// The Terraform index on the fixture repositories: blocks and their lines, local module calls, terragrunt
// references, JSON syntax, syntax errors that do not stop the blocks after them, and the parser loaded only
// when a repository has HCL files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { indexTerraform, localModuleCalls, localModuleDir } from '../../../src/core/terraform/terraformIndex';
import { declarationOf, parseResourceAddress } from '../../../src/core/terraform/addresses';
import { terraformFileKind } from '../../../src/core/terraform/model';

const fixtures = path.join(__dirname, '../../fixtures/terraform');

test('index: the monorepo fixture, block by block, with the lines they start on', async () => {
  const idx = await indexTerraform(path.join(fixtures, 'monorepo'), nodeFileSystem);
  assert.deepEqual([...idx.modules.keys()].sort(), ['envs/dev', 'envs/prod', 'live/terragrunt/dev/app', 'live/terragrunt/dev/vpc', 'modules/network', 'modules/service', 'modules/service/iam', 'platform/dns']);
  const net = idx.files.get('modules/network/main.tf')!;
  assert.deepEqual(
    net.resources.map((r) => `${r.mode} ${r.type}.${r.name}:${r.range.startPos.line + 1}`),
    ['managed aws_vpc.this:9', 'managed aws_subnet.public:17', 'managed aws_subnet.private:27', 'managed aws_internet_gateway.this:36', 'data aws_region.current:40'],
  );
  assert.deepEqual(idx.files.get('modules/network/variables.tf')!.variables.map((v) => v.name), ['name', 'cidr_block', 'availability_zones', 'tags']);
  assert.deepEqual(idx.files.get('modules/network/outputs.tf')!.outputs.map((v) => v.name), ['vpc_id', 'private_subnet_ids']);
  const dev = idx.files.get('envs/dev/main.tf')!;
  assert.deepEqual(dev.backends.map((b) => b.type), ['s3']);
  assert.deepEqual(dev.moduleCalls.map((m) => [m.name, m.source]), [['network', '../../modules/network'], ['api', '../../modules/service'], ['buckets', 'terraform-aws-modules/s3-bucket/aws']]);
  // The source range covers the quoted string, on its own line.
  assert.equal(dev.moduleCalls[0].sourceRange!.startPos.line, 14);
  assert.deepEqual(idx.files.get('envs/prod/main.tf')!.clouds.map((c) => [c.organization, c.workspaceName]), [['acme', 'prod-core']]);
  // Remote modules are not followed; local ones are, when they exist.
  assert.deepEqual(localModuleCalls(idx, 'envs/dev').map((c) => c.target), ['modules/network', 'modules/service']);
  const tg = idx.files.get('live/terragrunt/dev/app/terragrunt.hcl')!.terragrunt!;
  assert.equal(tg.source?.value, '../../../../modules/service');
  assert.deepEqual(tg.dependencies.map((d) => [d.name, d.configPath]), [['vpc', '../vpc']]);
  assert.deepEqual(idx.files.get('live/terragrunt/dev/vpc/terragrunt.hcl')!.terragrunt!.includes.map((i) => i.path), ['../../root.hcl']);
  const dns = idx.files.get('platform/dns/main.tf.json')!;
  assert.deepEqual([dns.kind, dns.resources.map((r) => `${r.type}.${r.name}`), dns.backends.map((b) => b.type), dns.outputs.map((o) => o.name)], ['json', ['google_dns_managed_zone.primary'], ['gcs'], ['zone']]);
  assert.deepEqual(idx.problems, []);
  // root.hcl is terragrunt's shared file, not a terragrunt.hcl or a .tf: not indexed.
  assert.equal(idx.files.has('live/terragrunt/root.hcl'), false);
});

test('index: syntax errors are RC2001 at the place recovery stopped, blocks after an error are still read, missing and escaping module sources are RC2002', async () => {
  const idx = await indexTerraform(path.join(fixtures, 'broken'), nodeFileSystem);
  const main = idx.files.get('main.tf')!;
  assert.deepEqual(main.resources.map((r) => r.name), ['logs', 'after_error']);
  const codes = idx.problems.map((p) => `${p.code} ${p.range.file}:${p.range.startPos.line + 1}`);
  assert.ok(codes.includes('RC2002 main.tf:2'), codes.join('\n'));
  assert.ok(codes.includes('RC2002 ok.tf:2'), codes.join('\n'));
  // `bucket = ` with no value: the parser resumes at the next line, which is where it reports.
  assert.ok(codes.includes('RC2001 main.tf:7'), codes.join('\n'));
  assert.ok(codes.some((c) => c.startsWith('RC2001 unclosed.tf:')), codes.join('\n'));
  const json = idx.problems.find((p) => p.range.file === 'queue.tf.json')!;
  assert.equal(json.code, 'RC2001');
  assert.equal(json.range.startPos.line, 2);
  const messages = idx.problems.filter((p) => p.code === 'RC2001' && p.range.file === 'main.tf').map((p) => p.message);
  assert.ok(messages.every((m) => m.includes('resource "aws_s3_bucket" "logs"')), messages.join('\n'));
  assert.match(idx.problems.find((p) => p.range.file === 'ok.tf')!.message, /outside the repository/);
  for (const p of idx.problems) assert.equal(p.severity, p.code === 'RC2002' ? 'warning' : 'error');
});

test('index: a repository without HCL files never loads the parser (and JSON-only repositories parse without it)', async () => {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tf-'));
  try {
    await fsp.writeFile(path.join(root, 'kustomization.yaml'), 'resources: []\n');
    await fsp.writeFile(path.join(root, 'main.tf.json'), '{"resource": {"null_resource": {"a": {}}}}');
    const idx = await indexTerraform(root, nodeFileSystem);
    assert.equal(idx.timings.loadParserMs, 0);
    assert.deepEqual([...idx.files.keys()], ['main.tf.json']);
    await fsp.rm(path.join(root, 'main.tf.json'));
    const none = await indexTerraform(root, nodeFileSystem);
    assert.equal(none.files.size, 0);
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
});

test('index: a symlink out of the repository is not followed, and an unreadable HCL text never throws', async () => {
  const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tf-out-'));
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tf-'));
  try {
    await fsp.writeFile(path.join(outside, 'secret.tf'), 'resource "x" "leak" {}\n');
    await fsp.symlink(outside, path.join(root, 'linked'));
    await fsp.writeFile(path.join(root, 'garbage.tf'), '\u0000\u0001 }}}{{{ "\n<<EOT\n');
    const idx = await indexTerraform(root, nodeFileSystem);
    assert.deepEqual([...idx.files.keys()], ['garbage.tf']);
    assert.ok(idx.problems.every((p) => p.code === 'RC2001'));
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
    await fsp.rm(outside, { recursive: true, force: true });
  }
});

test('addresses: plan addresses map to the declaring block through local module calls', async () => {
  const idx = await indexTerraform(path.join(fixtures, 'monorepo'), nodeFileSystem);
  assert.deepEqual(parseResourceAddress('module.a["x.y"].module.b[0].aws_instance.web[2]'), { modules: ['a', 'b'], mode: 'managed', type: 'aws_instance', name: 'web' });
  assert.deepEqual(parseResourceAddress('data.aws_ami.ubuntu'), { modules: [], mode: 'data', type: 'aws_ami', name: 'ubuntu' });
  assert.equal(parseResourceAddress('module.a'), undefined);
  const role = declarationOf(idx, 'envs/dev', 'module.api.module.iam.aws_iam_role.task');
  assert.deepEqual([role?.file.path, role?.resource.range.startPos.line], ['modules/service/iam/main.tf', 0]);
  const subnet = declarationOf(idx, 'envs/prod', 'module.network.aws_subnet.private[1]');
  assert.deepEqual([subnet?.file.path, subnet?.resource.range.startPos.line], ['modules/network/main.tf', 26]);
  assert.equal(declarationOf(idx, 'envs/dev', 'module.buckets.aws_s3_bucket.this[0]'), undefined, 'a registry module has no source here');
  assert.equal(declarationOf(idx, 'envs/dev', 'aws_instance.nope'), undefined);
});

test('file kinds and local module paths', () => {
  assert.equal(terraformFileKind('a/main.tf'), 'hcl');
  assert.equal(terraformFileKind('a/main.tofu'), 'hcl');
  assert.equal(terraformFileKind('a/main.tf.json'), 'json');
  assert.equal(terraformFileKind('a/x.tofu.json'), 'json');
  assert.equal(terraformFileKind('a/terragrunt.hcl'), 'terragrunt');
  assert.equal(terraformFileKind('a/root.hcl'), undefined);
  assert.equal(terraformFileKind('a/terraform.tfvars'), undefined);
  assert.equal(localModuleDir('envs/dev', '../../modules/x'), 'modules/x');
  assert.equal(localModuleDir('', './'), '');
  assert.equal(localModuleDir('a', '../../x'), undefined);
  assert.equal(localModuleDir('a', 'hashicorp/consul/aws'), undefined);
  assert.equal(localModuleDir('a', 'git::https://example.com/x.git'), undefined);
});
