// Regenerates docs/sync-example-body.md from the real PR body code on a realistic change set (edits to the
// Flux example in test/fixtures/corpus), then renders it as a forge would (marked + GitHub's markdown CSS) in
// Debian Chromium and saves media/screenshots/pr-body.png for the README.
//   node --import tsx scripts/render-pr-body-screenshot.ts [--no-screenshot]
// Needs dist/schemas (npm run build:schemas) for the validation line,
// /usr/bin/chromium (scripts/e2e-setup.sh) or CHROMIUM_PATH for the screenshot, and Debian's fonts-noto-color-emoji
// for the ✅/❌ of the validation line.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Marked, Tokens } from 'marked';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { planBetweenCommits } from '../src/core/sync/commitPlan';
import { planPrBody } from '../src/core/sync/prBody';

const ROOT = path.resolve(__dirname, '..');
const CORPUS = path.resolve(ROOT, 'test', 'fixtures', 'corpus', 'fluxcd__flux2-kustomize-helm-example');
const BODY_DOC = path.join(ROOT, 'docs', 'sync-example-body.md');
const PNG = path.join(ROOT, 'media', 'screenshots', 'pr-body.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TITLE = 'Bump redis to 8.6.3, pin cert-manager to 1.17, add a PodDisruptionBudget';
const SUMMARY = 'Bump redis to 8.6.3 and reconcile podinfo more often, pin cert-manager to 1.17.x, add a PodDisruptionBudget for podinfo and rotate the webhook token.';

const SECRET_BEFORE = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-token\n  namespace: podinfo\ntype: Opaque\ndata:\n  token: c3VwZXItc2VjcmV0LXRva2VuLTE=\n';
const PDB = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: podinfo\n';

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the corpus file no longer contains ${JSON.stringify(from)}: update this script's change set`);
  return text.replace(from, to);
}

/** The base branch (corpus + a Secret the team keeps in Git, sealed in real life) and the proposed edits. */
function changeSet(): { base: Record<string, string | undefined>; head: Record<string, string | undefined> } {
  const read = (rel: string): string => fs.readFileSync(path.join(CORPUS, rel), 'utf8');
  const release = read('apps/base/podinfo/release.yaml');
  const certManager = read('infrastructure/controllers/cert-manager.yaml');
  const kustomization = replaceOnce(read('apps/base/podinfo/kustomization.yaml'), '  - release.yaml\n', '  - release.yaml\n  - webhook-token.yaml\n');
  const base = {
    'apps/base/podinfo/release.yaml': release,
    'infrastructure/controllers/cert-manager.yaml': certManager,
    'apps/base/podinfo/kustomization.yaml': kustomization,
    'apps/base/podinfo/webhook-token.yaml': SECRET_BEFORE,
    'apps/base/podinfo/pdb.yaml': undefined,
  };
  const head = {
    'apps/base/podinfo/release.yaml': replaceOnce(replaceOnce(release, 'interval: 50m', 'interval: 10m'), 'tag: 8.6.2', 'tag: 8.6.3'),
    'infrastructure/controllers/cert-manager.yaml': replaceOnce(certManager, 'semver: "1.x"', 'semver: "1.17.x"'),
    'apps/base/podinfo/kustomization.yaml': replaceOnce(kustomization, '  - webhook-token.yaml\n', '  - webhook-token.yaml\n  - pdb.yaml\n'),
    'apps/base/podinfo/webhook-token.yaml': replaceOnce(SECRET_BEFORE, 'c3VwZXItc2VjcmV0LXRva2VuLTE=', 'cm90YXRlZC10b2tlbi0y'),
    'apps/base/podinfo/pdb.yaml': PDB,
  };
  return { base, head };
}

/** The change set as two commits of a real repository, planned as `reconcile pr` plans its commit. */
async function buildBody(): Promise<string> {
  const { base, head } = changeSet();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-prbody-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Reconcile', GIT_AUTHOR_EMAIL: 'r@example.com', GIT_COMMITTER_NAME: 'Reconcile', GIT_COMMITTER_EMAIL: 'r@example.com' } }).trim();
  const write = (files: Record<string, string | undefined>) => {
    for (const [rel, text] of Object.entries(files)) {
      if (text === undefined) fs.rmSync(path.join(tmp, rel), { force: true });
      else fs.writeFileSync(path.join(tmp, rel), text);
    }
  };
  try {
    fs.cpSync(CORPUS, tmp, { recursive: true });
    write(base);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '--no-gpg-sign', '-m', 'base');
    write(head);
    git('add', '-A');
    git('commit', '-q', '--no-gpg-sign', '-m', TITLE);
    const schemaDir = process.env.RECONCILE_SCHEMA_DIR ?? path.join(ROOT, 'dist', 'schemas');
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const planned = await planBetweenCommits(tmp, 'HEAD~1', 'HEAD', { schemaDir, toolVersion: version });
    if (!planned.ok) throw new Error(`the plan failed: ${planned.message}`);
    return planPrBody(planned.plan, { forge: 'github', baseLabel: 'main', headLabel: 'reconcile/bump-redis-to-8-6-3-pin-cert-manager-4f2c9e1', preface: SUMMARY }).body;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown → HTML as forges show it: raw HTML (details/summary, comments) passes through, diff fences are coloured. */
function toHtml(body: string): string {
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      code(token: Tokens.Code): string {
        if (token.lang !== 'diff') return false as unknown as string; // false = marked's default renderer (its typings say string)
        const lines = token.text.split('\n').map((l) => {
          const cls = l.startsWith('@@') ? 'd-hunk' : l.startsWith('+++') || l.startsWith('---') ? 'd-file' : l.startsWith('+') ? 'd-add' : l.startsWith('-') ? 'd-del' : '';
          return `<span class="line ${cls}">${escapeHtml(l) || ' '}</span>`;
        });
        return `<pre class="diff"><code>${lines.join('')}</code></pre>\n`;
      },
    },
  });
  let html = marked.parse(body, { async: false });
  // Forges fold <details> by default; open the first object's diff so the screenshot shows one.
  html = html.replace(/<details><summary>([^<]*: changed)<\/summary>/, '<details open><summary>$1</summary>');
  return html;
}

function page(bodyHtml: string): string {
  const css = fs.readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.pr { width: 880px; margin: 16px; }
.pr h1 { font-size: 24px; font-weight: 400; margin: 0 0 8px; color: #1f2328; }
.pr h1 span { color: #59636e; font-weight: 300; }
.state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em; padding: 4px 12px; font-size: 13px; font-weight: 600; margin-right: 8px; }
.meta { color: #59636e; font-size: 14px; margin-bottom: 16px; }
.meta code { background: #ddf4ff; color: #0969da; border-radius: 6px; padding: 1px 5px; font-size: 12px; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; }
.box-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-size: 14px; }
pre.diff { padding: 8px 0; }
pre.diff .line { display: block; padding: 0 12px; }
pre.diff .d-add { background: #dafbe1; color: #116329; }
pre.diff .d-del { background: #ffebe9; color: #82071e; }
pre.diff .d-hunk { color: #8250df; background: #fbefff; }
pre.diff .d-file { color: #59636e; font-weight: 600; }
</style></head><body><div class="pr">
<h1>${escapeHtml(TITLE)} <span>#42</span></h1>
<div class="meta"><span class="state">Open</span>reconcile wants to merge 1 commit into <code>main</code> from <code>reconcile/bump-redis-to-8-6-3-pin-cert-manager-4f2c9e1</code></div>
<div class="box"><div class="box-head">Pull request description</div><article class="markdown-body">${bodyHtml}</article></div>
</div></body></html>`;
}

async function screenshot(html: string): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/e2e-setup.sh or set CHROMIUM_PATH`);
  if (!fs.existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf')) {
    console.warn('note: no colour emoji font; the ✅/❌ of the validation line show as boxes (apt-get install fonts-noto-color-emoji)');
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 60_000 });
  try {
    const p = await browser.newPage({ viewport: { width: 912, height: 800 }, deviceScaleFactor: 1 });
    // Nothing is fetched: the CSS is inline and requests to anywhere are refused.
    await p.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await p.setContent(html, { waitUntil: 'load' });
    const box = await p.locator('.pr').boundingBox();
    if (!box) throw new Error('the rendered PR was not laid out');
    fs.mkdirSync(path.dirname(PNG), { recursive: true });
    await p.screenshot({ path: PNG, fullPage: true, clip: { x: 0, y: 0, width: Math.ceil(box.x + box.width + 16), height: Math.ceil(box.y + box.height + 16) } });
  } finally {
    await browser.close();
  }
  return fs.statSync(PNG).size;
}

async function main(): Promise<void> {
  const body = await buildBody();
  const doc = [
    '# Example "sync-ready" pull request body',
    '',
    'Generated by `scripts/render-pr-body-screenshot.ts` with `planPrBody` (`src/core/sync/prBody.ts`) from edits to the Flux example of the vendored corpus (fluxcd/flux2-kustomize-helm-example), committed in a temporary repository: the redis tag and reconcile interval of the podinfo HelmRelease, the cert-manager chart range, a new PodDisruptionBudget and a rotated Secret. The body is the plan of that commit (docs/plan.md): every app whose render reads a changed file, rendered at both commits and compared object by object, the head validated with the real validator. Everything below the line is the PR body exactly as sent to the forge. Note the rotated Secret key shown by hash only. Rendered: [../media/screenshots/pr-body.png](../media/screenshots/pr-body.png).',
    '',
    '---',
    '',
    body,
  ].join('\n');
  fs.writeFileSync(BODY_DOC, doc.endsWith('\n') ? doc : `${doc}\n`);
  console.log(`wrote ${path.relative(ROOT, BODY_DOC)} (${body.length} characters of body)`);
  if (process.argv.includes('--no-screenshot')) return;
  const size = await screenshot(page(toHtml(body)));
  console.log(`wrote ${path.relative(ROOT, PNG)} (${Math.round(size / 1024)} KB)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
