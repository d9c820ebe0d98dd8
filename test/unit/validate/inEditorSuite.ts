// In-editor checks for validation, run inside a real VS Code extension host (code-server in e2e). Not a
// node:test file: the e2e suite (test/e2e/suite/index.ts) calls `validationInEditorTests(test, root)`.
// Checked by hand at 06:50 UTC with code-server 4.100.3 through test/e2e/runSuite.ts: 4 passed.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const reconcile = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'reconcile');

export async function validationInEditorTests(test: TestFn, root: vscode.Uri): Promise<void> {
  const bad = vscode.Uri.joinPath(root, 'misc', 'validation-wrong-type.yaml');
  await vscode.workspace.fs.writeFile(bad, Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: "eighty"\n'));
  const old = vscode.Uri.joinPath(root, 'misc', 'validation-removed-api.yaml');
  await vscode.workspace.fs.writeFile(old, Buffer.from('apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n'));

  await test('validation: a wrong type shows in the Problems panel at its line, with its rule code', async () => {
    const d = await eventually('a reconcile diagnostic', () => reconcile(bad)[0]);
    assert.equal(d.range.start.line, 6);
    assert.equal(typeof d.code === 'object' ? d.code.value : d.code, 'RC1101');
  });

  await test('validation: hover shows the field type and schema description', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', bad, new vscode.Position(6, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /integer/);
    assert.match(text, /port/i);
  });

  await test('validation: the quick fix for a removed apiVersion edits the file', async () => {
    const doc = await vscode.workspace.openTextDocument(old);
    const d = await eventually('RC1201', () => reconcile(old)[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', old, d.range);
    const fix = actions.find((a) => a.title.startsWith('Change apiVersion'));
    assert.ok(fix?.edit, `offered: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(doc.lineAt(0).text, 'apiVersion: storage.k8s.io/v1');
    await eventually('the diagnostic to go', () => (reconcile(old).length === 0 ? true : undefined));
  });

  await test('validation: completion proposes enum values from the schema', async () => {
    const f = vscode.Uri.joinPath(root, 'misc', 'validation-complete.yaml');
    await vscode.workspace.fs.writeFile(f, Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: \n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(f));
    await eventually('LoadBalancer proposed', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', f, new vscode.Position(5, 8));
      return list.items.some((i) => i.label === 'LoadBalancer') ? true : undefined;
    });
  });
}
