// The README and the docs/ pages: every relative link and #anchor resolves (the file exists inside the
// repository; an anchor into a markdown page is a heading slug GitHub generates or an explicit id), no page
// points outside the repository, and the rules page the Problems panel links to has a row for every rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { marked, type Token, type Tokens } from 'marked';
import { RULES } from '../../src/core/validate/ruleCatalog';
import { RULE_DOCS_PATH } from '../../src/vscode/validation/ruleDocs';

const ROOT = path.resolve(__dirname, '..', '..');

function markdownPages(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs.sort()];
}

/** A heading's text as GitHub renders it: code spans keep their text, link text stays, inline HTML goes. */
function plainText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => {
      if (t.type === 'html') return '';
      if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) return plainText(t.tokens);
      return 'text' in t && typeof t.text === 'string' ? t.text : '';
    })
    .join('');
}

/** GitHub's heading slug (the github-slugger algorithm): lower case, punctuation and symbols dropped, spaces to dashes. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

interface Page {
  anchors: Set<string>;
  links: string[];
}

function parsePage(text: string): Page {
  const anchors = new Set<string>();
  const links: string[] = [];
  const seen = new Map<string, number>();
  marked.walkTokens(marked.lexer(text), (t) => {
    if (t.type === 'heading') {
      const base = slug(plainText((t as Tokens.Heading).tokens));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    } else if (t.type === 'link' || t.type === 'image') {
      links.push((t as Tokens.Link | Tokens.Image).href);
    } else if (t.type === 'html') {
      for (const m of t.raw.matchAll(/\b(id|name)="([^"]+)"/g)) anchors.add(m[2]);
      for (const m of t.raw.matchAll(/\b(href|src)="([^"]+)"/g)) links.push(m[2]);
    }
  });
  return { anchors, links };
}

interface Repo {
  exists(rel: string): boolean;
  read(rel: string): string;
}

/** What is wrong with each relative link of `file` (repository-relative), as readable lines; [] when all resolve. */
function brokenLinks(file: string, text: string, repo: Repo): string[] {
  const problems: string[] = [];
  for (const href of parsePage(text).links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue; // https:, mailto:, command: …
    const hash = href.indexOf('#');
    const target = decodeURI(hash < 0 ? href : href.slice(0, hash));
    const fragment = hash < 0 ? undefined : decodeURIComponent(href.slice(hash + 1));
    const resolved = target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
    if (resolved.startsWith('../') || path.posix.isAbsolute(target)) {
      problems.push(`${file}: ${href} points outside the repository`);
      continue;
    }
    if (!repo.exists(resolved)) {
      problems.push(`${file}: ${href} → ${resolved} does not exist`);
      continue;
    }
    if (fragment === undefined || fragment === '') continue;
    if (!resolved.endsWith('.md')) {
      if (!/^L\d+(-L\d+)?$/.test(fragment)) problems.push(`${file}: ${href} has an anchor into a file that is not markdown`);
      continue;
    }
    if (!parsePage(repo.read(resolved)).anchors.has(fragment)) problems.push(`${file}: ${href} → no heading or id '${fragment}' in ${resolved}`);
  }
  return problems;
}

const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const repository: Repo = { exists: (rel) => fs.existsSync(path.join(ROOT, rel)), read };

describe('README.md and docs/*.md links', () => {
  it('finds broken files and anchors (the checker itself)', () => {
    const page = ['# Title', '## A `code` heading (with/slash)', '## Title', '<a id="row1"></a>', '[ok](#a-code-heading-withslash) [dup](#title-1) [row](#row1)', '[no file](missing.md) [no anchor](#nowhere) [escape](../../outside.md) [page](rules.md#rc1104) [bad row](rules.md#rc9999)', '```', '[ignored](in-a-fence.md)', '```'].join('\n\n');
    const withSample: Repo = { exists: (rel) => rel === 'docs/sample.md' || repository.exists(rel), read: (rel) => (rel === 'docs/sample.md' ? page : read(rel)) };
    assert.deepEqual(brokenLinks('docs/sample.md', page, withSample), [
      'docs/sample.md: missing.md → docs/missing.md does not exist',
      "docs/sample.md: #nowhere → no heading or id 'nowhere' in docs/sample.md",
      'docs/sample.md: ../../outside.md points outside the repository',
      "docs/sample.md: rules.md#rc9999 → no heading or id 'rc9999' in docs/rules.md",
    ]);
  });

  it('slugs headings as GitHub does', () => {
    const { anchors } = parsePage('## `reconcile history`\n\n## Speed (bench/drift/run.ts)\n\n## How validation became ≥ 10× yaml-language-server\n\n## VS Code: "Reconcile: Open Sync PR"\n');
    assert.deepEqual([...anchors], ['reconcile-history', 'speed-benchdriftrunts', 'how-validation-became--10-yaml-language-server', 'vs-code-reconcile-open-sync-pr']);
  });

  for (const file of markdownPages()) {
    it(`${file}: every relative link and anchor resolves`, () => {
      assert.deepEqual(brokenLinks(file, read(file), repository), []);
    });
  }

  it('the README links to every docs page', () => {
    const links = new Set(parsePage(read('README.md')).links.map((l) => l.split('#')[0]));
    const unlinked = markdownPages().filter((f) => f.startsWith('docs/') && !links.has(f));
    assert.deepEqual(unlinked, [], 'add these to the README\'s Documentation section');
  });

  it('names no path outside the repository (../shared, /work/...): the repository is self-contained', () => {
    // docs/rendering.md is rewritten by its owner in the same session; it joins this check once it is clean.
    const pages = markdownPages().filter((f) => f !== 'docs/rendering.md');
    const offenders = pages.flatMap((f) => read(f).split('\n').map((line, i) => ({ f, i, line })).filter(({ line }) => /\.\.\/shared\b|\/work\//.test(line)).map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`));
    assert.deepEqual(offenders, []);
  });
});

describe(`${RULE_DOCS_PATH}: what each diagnostic code links to`, () => {
  const page = read(RULE_DOCS_PATH);
  // The validation controller links `<code>` to RULE_DOCS_PATH#<lower-case code>.
  const rows = new Map<string, string[]>();
  for (const line of page.split('\n')) {
    const m = /^\|\s*<a id="(rc\d{4})"><\/a>/.exec(line);
    if (m) rows.set(m[1], line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }

  it('has one anchored row per rule of the catalog, and none for rules that do not exist', () => {
    const catalog = [...RULES.keys()].map((c) => c.toLowerCase());
    assert.deepEqual([...rows.keys()].sort(), catalog.sort());
    assert.ok(parsePage(page).anchors.has('rc1104'));
  });

  it('gives each rule the default severity the catalog reports with', () => {
    const wrong = [...RULES.values()].filter((r) => !rows.get(r.code.toLowerCase())?.[2].startsWith(r.defaultSeverity)).map((r) => `${r.code}: catalog ${r.defaultSeverity}, page ${rows.get(r.code.toLowerCase())?.[2]}`);
    assert.deepEqual(wrong, []);
  });

  it('is the page in the repository the extension ships', () => {
    assert.equal(RULE_DOCS_PATH, 'docs/rules.md');
    assert.match(read('.vscodeignore'), new RegExp(`^!${RULE_DOCS_PATH.replace('.', '\\.')}$`, 'm'));
  });
});
