// Prints the README's settings and commands tables from package.json, so the README never drifts from the
// manifest: `node --import tsx scripts/settings-table.ts`. test/integration/packaging checks the README
// names every setting and command.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Setting {
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  scope?: string;
}
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Setting> } | Array<{ properties: Record<string, Setting> }>; commands: Array<{ command: string; title: string }> };
};
const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const lines = ['| Setting | Default | Scope | What it does |', '|---|---|---|---|'];
for (const section of sections) {
  for (const [key, s] of Object.entries(section.properties)) {
    lines.push(`| \`${key}\` | \`${cell(JSON.stringify(s.default))}\` | ${s.scope ?? ''} | ${cell(s.markdownDescription ?? s.description ?? '')} |`);
  }
}
lines.push('', '| Command | Id |', '|---|---|');
for (const c of pkg.contributes.commands) lines.push(`| Reconcile: ${cell(c.title)} | \`${c.command}\` |`);
console.log(lines.join('\n'));
