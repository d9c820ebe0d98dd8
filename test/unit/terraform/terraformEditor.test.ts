// What the editor's Terraform features compute, on the real fixture repositories: the outline of HCL and JSON
// files, Ctrl+T's symbol list, go-to-definition targets of module sources (and the refusal of sources leaving the
// repository), and the index kept in step with edits (RC2001 and RC2002 appear and go away).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { loadHclParser } from '../../../src/core/terraform/hclParser';
import { indexTerraform, readTerraformText } from '../../../src/core/terraform/terraformIndex';
import { TfOutlineSymbol, terraformOutline } from '../../../src/core/terraform/terraformOutline';
import { terraformSymbols } from '../../../src/core/terraform/terraformSymbols';
import { moduleSourceTarget } from '../../../src/core/terraform/moduleSourceTarget';
import { replaceTerraformFile, terraformFileProblems } from '../../../src/core/terraform/terraformIndexUpdate';

const fixtures = path.join(__dirname, '../../fixtures/terraform');
const read = (rel: string) => fsp.readFile(path.join(fixtures, rel), 'utf8');

function flat(symbols: TfOutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} (${s.kind}) ${s.selection.startPos.line + 1}-${s.range.endPos.line + 1}`, ...flat(s.children, depth + 1)]);
}

test('outline: an HCL root module, named as Terraform addresses its blocks, with nested backend and module sources as detail', async () => {
  const parser = await loadHclParser();
  const rel = 'monorepo/envs/dev/main.tf';
  const outline = terraformOutline(parser, rel, await read(rel));
  assert.deepEqual(flat(outline), [
    'terraform (terraform) 1-8',
    '  backend "s3" (backend) 3-7',
    'provider.aws (provider) 10-12',
    'module.network (module) 14-18',
    'module.api (module) 20-26',
    'module.buckets (module) 28-32',
    'var.cluster_arn (variable) 34-36',
  ]);
  assert.equal(outline.find((s) => s.name === 'module.network')!.detail, '../../modules/network');
  // The selection is the header: `module "network"`, not the whole block.
  const net = outline.find((s) => s.name === 'module.network')!;
  assert.deepEqual([net.selection.startPos, net.selection.endPos], [{ line: 13, character: 0 }, { line: 13, character: 16 }]);
});

test('outline: locals list each local, resources and data sources by address', async () => {
  const parser = await loadHclParser();
  const rel = 'monorepo/modules/network/main.tf';
  const names = flat(terraformOutline(parser, rel, await read(rel))).map((l) => l.replace(/ \d+-\d+$/, ''));
  assert.deepEqual(names.slice(0, 3), ['locals (locals)', '  local.az_count (local)', '  local.common_tags (local)']);
  assert.ok(names.includes('aws_vpc.this (resource)'), names.join('\n'));
  assert.ok(names.includes('data.aws_region.current (data)'), names.join('\n'));
});

test('outline: terragrunt.hcl blocks and top-level attributes; *.tf.json by the same names; broken input gives no throw', async () => {
  const parser = await loadHclParser();
  const tg = 'monorepo/live/terragrunt/dev/app/terragrunt.hcl';
  assert.deepEqual(flat(terraformOutline(parser, tg, await read(tg))), ['terraform (terraform) 1-3', 'dependency.vpc (block) 5-7', 'inputs (attribute) 9-12']);
  const json = 'monorepo/platform/dns/main.tf.json';
  assert.deepEqual(flat(terraformOutline(undefined, json, await read(json))), ['terraform (terraform) 2-6', '  backend "gcs" (backend) 4-4', 'google_dns_managed_zone.primary (resource) 9-9', 'output.zone (output) 13-13']);
  assert.deepEqual(terraformOutline(undefined, 'broken/queue.tf.json', await read('broken/queue.tf.json')), []);
  // Recovery keeps the blocks after the error.
  const broken = terraformOutline(parser, 'broken/main.tf', await read('broken/main.tf')).map((s) => s.name);
  assert.ok(broken.includes('aws_s3_bucket.after_error'), broken.join(', '));
  assert.deepEqual(terraformOutline(parser, 'x.yaml', 'a: 1'), []);
});

test('workspace symbols: every resource, data source, module, variable and output of the index, by address', async () => {
  const idx = await indexTerraform(path.join(fixtures, 'monorepo'), nodeFileSystem);
  const symbols = terraformSymbols(idx);
  // The first of a name (module.network is called from envs/dev and envs/prod: both are listed).
  const byName = new Map([...symbols].reverse().map((s) => [s.name, s]));
  assert.deepEqual(symbols.filter((s) => s.name === 'module.network').map((s) => s.file), ['envs/dev/main.tf', 'envs/prod/main.tf']);
  assert.equal(byName.get('aws_vpc.this')?.file, 'modules/network/main.tf');
  assert.equal(byName.get('aws_vpc.this')?.range.startPos.line, 8);
  assert.equal(byName.get('data.aws_region.current')?.kind, 'data');
  assert.equal(byName.get('module.network')?.file, 'envs/dev/main.tf');
  assert.equal(byName.get('google_dns_managed_zone.primary')?.file, 'platform/dns/main.tf.json');
  assert.ok(byName.has('var.cidr_block') && byName.has('output.vpc_id'));
  // Within a file, in the order of the file.
  const dev = symbols.filter((s) => s.file === 'envs/dev/main.tf').map((s) => s.name);
  assert.deepEqual(dev, ['module.network', 'module.api', 'module.buckets', 'var.cluster_arn']);
});

test('definition: a local module source leads to the module main file, terragrunt sources too; registry sources and other places lead nowhere', async () => {
  const idx = await indexTerraform(path.join(fixtures, 'monorepo'), nodeFileSystem);
  const dev = idx.files.get('envs/dev/main.tf')!;
  const [network, , buckets] = dev.moduleCalls;
  const at = moduleSourceTarget(idx, dev, network.sourceRange!.start + 3);
  assert.deepEqual(at && at.kind === 'file' ? [at.dir, at.file] : at, ['modules/network', 'modules/network/main.tf']);
  assert.equal(moduleSourceTarget(idx, dev, buckets.sourceRange!.start + 3), undefined);
  assert.equal(moduleSourceTarget(idx, dev, network.range.start), undefined);
  const tg = idx.files.get('live/terragrunt/dev/app/terragrunt.hcl')!;
  const tgAt = moduleSourceTarget(idx, tg, tg.terragrunt!.source!.range.start + 1);
  assert.deepEqual(tgAt && tgAt.kind === 'file' ? tgAt.file : tgAt, 'modules/service/main.tf');
});

test('definition: without main.tf the first HCL file; a source leaving the repository is refused, a missing one leads nowhere', async () => {
  const parser = await loadHclParser();
  const idx = await indexTerraform(path.join(fixtures, 'monorepo'), nodeFileSystem);
  const caller = readTerraformText(parser, 'envs/x/main.tf', 'module "n" {\n  source = "../../modules/network/"\n}\nmodule "out" {\n  source = "../../../etc"\n}\nmodule "gone" {\n  source = "./nope"\n}\n')!;
  replaceTerraformFile(idx, 'modules/network/main.tf', undefined);
  const first = moduleSourceTarget(idx, caller, caller.moduleCalls[0].sourceRange!.start + 2);
  assert.deepEqual(first && first.kind === 'file' ? first.file : first, 'modules/network/outputs.tf');
  const refused = moduleSourceTarget(idx, caller, caller.moduleCalls[1].sourceRange!.start + 2);
  assert.equal(refused?.kind, 'refused');
  assert.match(refused.kind === 'refused' ? refused.reason : '', /outside the repository/);
  assert.equal(moduleSourceTarget(idx, caller, caller.moduleCalls[2].sourceRange!.start + 2), undefined);
});

test('definition: a symlinked module directory pointing outside the repository is not a target', async () => {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tfdef-'));
  const outside = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-tfout-'));
  try {
    await fsp.writeFile(path.join(outside, 'main.tf'), 'resource "null_resource" "secret" {}\n');
    await fsp.symlink(outside, path.join(root, 'linked'));
    await fsp.writeFile(path.join(root, 'main.tf'), 'module "l" {\n  source = "./linked"\n}\n');
    const idx = await indexTerraform(root, nodeFileSystem);
    const main = idx.files.get('main.tf')!;
    assert.equal(moduleSourceTarget(idx, main, main.moduleCalls[0].sourceRange!.start + 2), undefined);
    assert.equal([...idx.files.keys()].some((p) => p.startsWith('linked')), false);
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
    await fsp.rm(outside, { recursive: true, force: true });
  }
});

test('index update: an edit that breaks and then fixes a file adds and removes RC2001; a module directory appearing clears RC2002 on its callers', async () => {
  const parser = await loadHclParser();
  const idx = await indexTerraform(path.join(fixtures, 'broken'), nodeFileSystem);
  const codes = (rel: string) => terraformFileProblems(idx, rel).map((p) => `${p.code}:${p.range.startPos.line + 1}`);
  assert.deepEqual(codes('ok.tf'), ['RC2002:2']);
  const good = 'resource "aws_s3_bucket" "logs" {\n  bucket = "x"\n}\n';
  assert.deepEqual(replaceTerraformFile(idx, 'main.tf', readTerraformText(parser, 'main.tf', 'module "missing" {\n  source = "./modules/does-not-exist"\n}\n' + good)), ['main.tf']);
  assert.deepEqual(codes('main.tf'), ['RC2002:2']);
  replaceTerraformFile(idx, 'main.tf', readTerraformText(parser, 'main.tf', good.replace('"x"', '')));
  assert.deepEqual(codes('main.tf').map((c) => c.split(':')[0]), ['RC2001']);
  replaceTerraformFile(idx, 'main.tf', readTerraformText(parser, 'main.tf', 'module "missing" {\n  source = "./modules/does-not-exist"\n}\n'));
  // The module directory gets its first file: every file with module calls is to be checked again.
  const touched = replaceTerraformFile(idx, 'modules/does-not-exist/main.tf', readTerraformText(parser, 'modules/does-not-exist/main.tf', good));
  assert.ok(touched.includes('main.tf'), touched.join(', '));
  assert.deepEqual(codes('main.tf'), []);
  // …and loses it again.
  const back = replaceTerraformFile(idx, 'modules/does-not-exist/main.tf', undefined);
  assert.ok(back.includes('main.tf'));
  assert.match(terraformFileProblems(idx, 'main.tf')[0].message, /has no Terraform files|does not exist/);
  assert.equal(idx.files.has('modules/does-not-exist/main.tf'), false);
  assert.equal(idx.modules.has('modules/does-not-exist'), false);
  assert.deepEqual(terraformFileProblems(idx, 'deleted.tf'), []);
});
