// The extension manifest and the .vsix file list: what a person installing the extension gets.
// The file list comes from `vsce ls` (the packager's own view of .vscodeignore); the manifest checks are the
// settings and commands audit (every setting documented with a default and a scope, every command titled
// in the "Reconcile" category, an icon where it sits in a view title or row, every referenced command real).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULE_DOCS_PATH } from '../../../src/vscode/validation/ruleDocs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, any>; // any: the manifest is free-form JSON

interface Command {
  command: string;
  title?: string;
  category?: string;
  icon?: unknown;
}
const commands = (pkg.contributes.commands ?? []) as Command[];
const commandIds = new Set(commands.map((c) => c.command));
const views = Object.values(pkg.contributes.views ?? {}).flat() as Array<{ id: string }>;
const viewIds = new Set(views.map((v) => v.id));
/** Commands VS Code itself provides that the manifest may reference (built-ins and the per-view focus commands). */
function isKnownCommand(id: string): boolean {
  if (commandIds.has(id)) return true;
  if (/^workbench\.|^vscode\.|^editor\./.test(id)) return true;
  const focus = /^(.*)\.focus$/.exec(id);
  return !!focus && viewIds.has(focus[1]);
}

describe('package.json: the extension manifest', () => {
  it('has what the Marketplace and the Extensions view show', () => {
    assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.ok(pkg.displayName && pkg.description && pkg.publisher && pkg.version && pkg.license);
    assert.ok(Array.isArray(pkg.categories) && pkg.categories.length > 0);
    assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.includes('kubernetes') && pkg.keywords.includes('gitops'));
    assert.equal(pkg.icon, 'media/icon.png');
    const png = fs.readFileSync(path.join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'the icon is at least 128×128');
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('documents every setting with a description, a default and a scope', () => {
    const config = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const problems: string[] = [];
    let count = 0;
    for (const section of config) {
      for (const [key, schema] of Object.entries(section.properties as Record<string, Record<string, unknown>>)) {
        count++;
        if (!key.startsWith('reconcile.')) problems.push(`${key}: not under reconcile.`);
        if (!schema.description && !schema.markdownDescription) problems.push(`${key}: no description`);
        if (!('default' in schema)) problems.push(`${key}: no default`);
        if (!schema.scope) problems.push(`${key}: no scope`);
      }
    }
    assert.ok(count >= 5, `only ${count} settings found`);
    assert.deepEqual(problems, []);
  });

  it('titles every command in the "Reconcile" category, with an icon where it sits in a view title or row', () => {
    const problems: string[] = [];
    for (const c of commands) {
      if (!c.command.startsWith('reconcile.')) problems.push(`${c.command}: not under reconcile.`);
      if (!c.title) problems.push(`${c.command}: no title`);
      if (c.category !== 'Reconcile') problems.push(`${c.command}: category ${String(c.category)}`);
    }
    const menus = (pkg.contributes.menus ?? {}) as Record<string, Array<{ command?: string; when?: string; group?: string }>>;
    for (const [where, items] of Object.entries(menus)) {
      for (const item of items) {
        if (!item.command) continue;
        if (!commandIds.has(item.command)) problems.push(`${where}: ${item.command} is not a contributed command`);
        const inline = where === 'view/title' ? item.group?.startsWith('navigation') : where === 'view/item/context' && item.group?.startsWith('inline');
        const command = commands.find((c) => c.command === item.command);
        if (inline && command && !command.icon) problems.push(`${where}: ${item.command} shows as a button but has no icon`);
        if ((where.startsWith('view/') || where === 'editor/title') && !item.when) problems.push(`${where}: ${item.command} has no when clause`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('hides commands from the palette where they cannot work, and names only real commands in welcome views and walkthroughs', () => {
    const palette = (pkg.contributes.menus?.commandPalette ?? []) as Array<{ command: string; when?: string }>;
    for (const p of palette) assert.ok(commandIds.has(p.command), `commandPalette names unknown ${p.command}`);
    const links: string[] = [];
    const collect = (text: string): void => {
      for (const m of text.matchAll(/\(command:([\w.-]+)/g)) links.push(m[1]);
    };
    for (const w of pkg.contributes.viewsWelcome ?? []) collect(w.contents);
    for (const walk of pkg.contributes.walkthroughs ?? []) {
      for (const step of walk.steps) {
        collect(step.description);
        for (const e of step.completionEvents ?? []) {
          const m = /^onCommand:(.+)$/.exec(e);
          if (m) links.push(m[1]);
          const v = /^onView:(.+)$/.exec(e);
          if (v) assert.ok(viewIds.has(v[1]), `walkthrough step ${step.id} waits for unknown view ${v[1]}`);
        }
        if (step.media?.markdown) assert.ok(fs.existsSync(path.join(ROOT, step.media.markdown)), `${step.media.markdown} missing`);
      }
    }
    assert.ok(links.length >= 6, `only ${links.length} command links found`);
    const unknown = links.filter((l) => !isKnownCommand(l));
    assert.deepEqual(unknown, [], `unknown commands: ${unknown.join(', ')}`);
  });
});

describe('docs/settings.md (the settings and commands reference the README links to)', () => {
  it('names every setting and every command (its tables come from scripts/settings-table.ts)', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/settings.md'), 'utf8');
    const config = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const keys = config.flatMap((c: { properties: Record<string, unknown> }) => Object.keys(c.properties));
    const missing = [...keys, ...commands.map((c) => c.command)].filter((k) => !page.includes(`\`${k}\``));
    assert.deepEqual(missing, [], `docs/settings.md does not name: ${missing.join(', ')} (run: node --import tsx scripts/settings-table.ts --write)`);
  });

  it('is linked from the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.match(readme, /\]\(docs\/settings\.md\)/);
  });
});

describe('the .vsix file list (vsce ls)', () => {
  it('holds the runtime, the schemas, the docs and the icon, and no sources, tests or dev files', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    // The rules page is what each diagnostic's code links to (src/vscode/validation/ruleDocs.ts).
    for (const required of ['package.json', 'README.md', RULE_DOCS_PATH, 'LICENSE', 'CHANGELOG.md', 'media/icon.png', 'media/reconcile.svg']) {
      assert.ok(files.includes(required), `${required} is not packaged`);
    }
    assert.ok(files.some((f) => f.startsWith('syntaxes/')), 'the grammars are packaged');
    assert.ok(files.some((f) => f.startsWith('media/walkthrough/')), 'the walkthrough pages are packaged');
    const forbidden = files.filter((f) =>
      /^(src|test|bench|scripts|\.ci|\.vscode|node_modules|out|test-output)\//.test(f) || (f.startsWith('docs/') && f !== RULE_DOCS_PATH) || /\.(ts|map)$/.test(f) || /^(tsconfig\.json|webpack\.config\.js|\.vscodeignore|\.gitignore)$/.test(f) || f.startsWith('media/screenshots/') || f.startsWith('media/schemas/'),
    );
    assert.deepEqual(forbidden, [], `dev files in the package: ${forbidden.join(', ')}`);
    // The built bundle's files are listed only after a build; when present, the entry and its chunks go in together.
    if (fs.existsSync(path.join(ROOT, 'dist/extension.js'))) {
      assert.ok(files.includes('dist/extension.js'));
      const chunks = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => /^extension\..+\.js$/.test(f));
      for (const c of chunks) assert.ok(files.includes(`dist/${c}`), `chunk dist/${c} is not packaged`);
      assert.ok(!files.some((f) => /^dist\/cli/.test(f)), 'the CLI bundle is not part of the extension');
    }
  });
});
