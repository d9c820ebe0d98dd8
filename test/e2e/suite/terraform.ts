// In-editor checks for Terraform, inside a real VS Code extension host, on the fixture's `terraform/` folder (a root
// module calling `./modules/network`): the outline names blocks by address, F12 on the local module source opens the
// module, a syntax error typed into the buffer is an RC2001 problem at its line and goes away when fixed, the GitOps
// Resources view has a Terraform group whose blocks open at their line and which follows unsaved edits, and the
// root atlantis.yaml is checked as it changes on disk. Everything changed is undone (buffers reverted, files
// removed). Called from index.ts as `terraformTests(test, root)`.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { eventually } from './eventually';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;

const MAIN = 'terraform/main.tf';
const MODULE_MAIN = 'terraform/modules/network/main.tf';

interface Peeked {
  label: string;
  description: string;
  command?: { command: string; arguments: unknown[] };
  children: Array<{ label: string; description: string; command?: { command: string; arguments: unknown[] } }>;
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const problems = (uri: vscode.Uri, code: string): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
const rel = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

async function peek(labels?: string[]): Promise<Peeked[] | undefined> {
  return vscode.commands.executeCommand<Peeked[] | undefined>('reconcile.resources.peek', labels);
}

async function lineOf(uri: vscode.Uri, text: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const i = doc.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `no line containing "${text}" in ${rel(uri)}`);
  return i;
}

export async function terraformTests(test: TestFn, root: vscode.Uri): Promise<void> {
  const file = (p: string): vscode.Uri => vscode.Uri.joinPath(root, ...p.split('/'));

  await test('terraform: the outline names the blocks of main.tf by address, at their lines', async () => {
    const uri = file(MAIN);
    // The outline loads the HCL parser on first use: under load that can take seconds, so poll.
    const symbols = await eventually('the Terraform outline of main.tf', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
      return s && s.length > 0 ? s : undefined;
    });
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['terraform', 'var.region', 'aws_s3_bucket.logs', 'data.aws_caller_identity.current', 'module.network', 'output.bucket'],
    );
    const bucket = symbols.find((s) => s.name === 'aws_s3_bucket.logs')!;
    assert.equal(bucket.range.start.line, await lineOf(uri, 'resource "aws_s3_bucket" "logs"'));
    assert.equal(symbols.find((s) => s.name === 'module.network')!.detail, './modules/network');
  });

  await test('terraform: F12 on a local module source opens the module\'s main.tf', async () => {
    const uri = file(MAIN);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = await lineOf(uri, 'source = "./modules/network"');
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('./modules') + 4);
    const defs = await eventually('a definition for the module source', async () => {
      const raw = (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>('vscode.executeDefinitionProvider', uri, at)) ?? [];
      return raw.length ? raw.map((d) => ('targetUri' in d ? d.targetUri : d.uri)) : undefined;
    });
    assert.deepEqual(defs.map(rel), [MODULE_MAIN]);
  });

  await test('terraform: a syntax error typed into main.tf is an RC2001 problem at its line, gone when fixed', async () => {
    const uri = file(MAIN);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const line = await lineOf(uri, 'bucket = "reconcile-e2e-logs"');
    const end = doc.lineAt(line).range.end;
    try {
      assert.deepEqual(problems(uri, 'RC2001'), [], 'the fixture parses');
      assert.ok(await editor.edit((e) => e.insert(end, ' +')));
      const found = await eventually('an RC2001 problem on main.tf', () => problems(uri, 'RC2001')[0], 30_000);
      assert.equal(found.range.start.line, line, `at the broken line: ${found.message}`);
      assert.match(found.message, /HCL syntax error in resource "aws_s3_bucket" "logs"/);
      assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(await editor.edit((e) => e.delete(new vscode.Range(end, end.translate(0, 2)))));
      await eventually('the RC2001 problem to go away once fixed', () => (problems(uri, 'RC2001').length === 0 ? true : undefined), 30_000);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  await test('terraform: the GitOps Resources view has a Terraform group; a block opens its file at its line', async () => {
    const top = await eventually('a Terraform group in the Resources view', async () => {
      const t = await peek();
      return t?.find((n) => n.label === 'Terraform');
    });
    assert.deepEqual(top.children.map((c) => c.label), ['terraform', 'terraform/modules/network']);
    assert.match(top.children[0].description, /^root module · 1 resource/);
    assert.match(top.children[1].description, /^module · called from terraform/);
    const [resources] = (await peek(['Terraform', 'terraform', 'Resources'])) ?? [];
    assert.ok(resources, 'the Resources group of the root module');
    assert.deepEqual(resources.children.map((c) => c.label), ['aws_s3_bucket.logs']);
    const [variables] = (await peek(['Terraform', 'terraform/modules/network', 'Variables'])) ?? [];
    assert.deepEqual(variables?.children.map((c) => c.label), ['var.cidr']);
    // A click runs the item's command: the file opens with the cursor on the block's first line.
    const click = resources.children[0].command;
    assert.ok(click, 'the block item has a command');
    await vscode.commands.executeCommand(click.command, ...click.arguments);
    const editor = await eventually('main.tf in the active editor', () => (vscode.window.activeTextEditor && rel(vscode.window.activeTextEditor.document.uri) === MAIN ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, await lineOf(file(MAIN), 'resource "aws_s3_bucket" "logs"'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  await test('terraform: a resource typed into the buffer shows in the Terraform group without saving; revert takes it away', async () => {
    const uri = file(MAIN);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const labels = async (): Promise<string[]> => ((await peek(['Terraform', 'terraform', 'Resources'])) ?? [])[0]?.children.map((c) => c.label) ?? [];
    try {
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '\nresource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n')));
      await eventually('aws_sqs_queue.jobs in the tree', async () => ((await labels()).includes('aws_sqs_queue.jobs') ? true : undefined), 30_000);
      assert.deepEqual(await labels(), ['aws_s3_bucket.logs', 'aws_sqs_queue.jobs']);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await eventually('aws_sqs_queue.jobs gone after revert', async () => ((await labels()).join() === 'aws_s3_bucket.logs' ? true : undefined), 30_000);
  });

  await test('terraform: Open Terraform Plan links a plan in a module directory to the HCL of the folder holding it', async () => {
    // terraform-json's deep_module (a plan and its .tf sources, MPL-2.0, test/fixtures/tfplan) copied into the workspace.
    const ext = vscode.extensions.getExtension('reconcile.reconcile-gitops');
    assert.ok(ext);
    const source = path.join(ext.extensionPath, 'test', 'fixtures', 'tfplan', 'terraform-json', 'deep_module');
    const target = path.join(root.fsPath, 'tfplan-deep');
    fs.cpSync(source, target, { recursive: true });
    try {
      // The new directories reach the folder's Terraform index through the file watcher.
      await eventually('tfplan-deep in the Terraform group', async () => ((await peek())?.find((n) => n.label === 'Terraform')?.children.some((c) => c.label === 'tfplan-deep/foo/bar') ? true : undefined), 30_000);
      const opened = await vscode.commands.executeCommand<{ summary: string; changes: number; linked: number; folder?: string } | undefined>('reconcile.terraform.openPlan', vscode.Uri.file(path.join(target, 'plan.json')));
      assert.ok(opened, 'the plan was read');
      assert.equal(opened.summary, 'Plan: 1 to add, 0 to change, 0 to destroy.');
      assert.equal(opened.folder, vscode.workspace.getWorkspaceFolder(root)?.name, 'linked in the folder holding the plan');
      assert.equal(opened.linked, 1, 'module.foo.module.bar.null_resource.baz → tfplan-deep/foo/bar/main.tf');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(target, { recursive: true, force: true });
    }
    await eventually('tfplan-deep gone from the Terraform group', async () => ((await peek())?.find((n) => n.label === 'Terraform')?.children.some((c) => c.label.startsWith('tfplan-deep')) ? undefined : true), 30_000);
  });

  await test('terraform: the root atlantis.yaml is checked (an unknown key is RC2101 at its line) and cleared when deleted', async () => {
    const uri = file('atlantis.yaml');
    const target = path.join(root.fsPath, 'atlantis.yaml');
    fs.writeFileSync(target, 'version: 3\nprojects:\n  - dir: terraform\n    autoplan:\n      when_modified: ["*.tf", "modules/**/*.tf"]\n    workspac: default\n');
    try {
      const found = await eventually('an RC2101 problem on atlantis.yaml', () => problems(uri, 'RC2101')[0], 30_000);
      assert.equal(found.range.start.line, 5, `the misspelt key's line: ${found.message}`);
      assert.match(found.message, /workspac/);
    } finally {
      fs.rmSync(target, { force: true });
    }
    await eventually('the atlantis.yaml problems cleared after delete', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 30_000);
  });
}
