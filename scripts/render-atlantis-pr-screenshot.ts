// Takes media/screenshots/atlantis-pr.png for the README and docs/terraform-atlantis.md: the PR body (the plan)
// of a commit that edits a shared Terraform module, a production tfvars file and a Kubernetes ConfigMap in a
// repository holding both (test/fixtures/terraform/monorepo with an atlantis.yaml, plus a kustomization), as
// GitHub renders it (marked + GitHub's markdown CSS in Debian Chromium), cut after the "Atlantis will plan"
// section. The body comes from the real code path (planBetweenCommits + planPrBody), nothing is written by hand.
//   node --import tsx scripts/render-atlantis-pr-screenshot.ts [out.png]
// Needs /usr/bin/chromium (scripts/e2e-setup.sh) or CHROMIUM_PATH; dist/schemas for the validation column.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Marked } from 'marked';
import { chromium } from 'playwright-core';
import { planBetweenCommits } from '../src/core/sync/commitPlan';
import { planPrBody } from '../src/core/sync/prBody';

const ROOT = path.resolve(__dirname, '..');
const MONOREPO = path.join(ROOT, 'test', 'fixtures', 'terraform', 'monorepo');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TITLE = 'Wider private subnets, six prod replicas, green banner';
const BRANCH = 'feature/wider-subnets';

/** The monorepo fixture's Atlantis config: dev and prod watch the shared modules, dns has autoplan off. */
const ATLANTIS_YAML = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'terraform', 'atlantis-monorepo.yaml'), 'utf8');
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: banner\n  namespace: web\ndata:\n  colour: blue\n';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function buildBody(): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-atlantis-pr-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Reconcile', GIT_AUTHOR_EMAIL: 'r@example.com', GIT_COMMITTER_NAME: 'Reconcile', GIT_COMMITTER_EMAIL: 'r@example.com' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp, encoding: 'utf8', env }).trim();
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  };
  try {
    fs.cpSync(MONOREPO, tmp, { recursive: true });
    write('atlantis.yaml', ATLANTIS_YAML);
    write('k8s/web/kustomization.yaml', 'resources:\n  - banner.yaml\n');
    write('k8s/web/banner.yaml', CONFIGMAP);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '--no-gpg-sign', '-m', 'base');
    const network = path.join(tmp, 'modules/network/main.tf');
    const before = fs.readFileSync(network, 'utf8');
    const after = before.replace(/cidrsubnet\(var\.cidr_block, (\d+),/, (_m, bits: string) => `cidrsubnet(var.cidr_block, ${Number(bits) - 1},`);
    fs.writeFileSync(network, after === before ? `${before}\n# wider private subnets\n` : after);
    fs.appendFileSync(path.join(tmp, 'envs/prod/env/production.tfvars'), 'replicas = 6\n');
    write('k8s/web/banner.yaml', CONFIGMAP.replace('blue', 'green'));
    git('commit', '-q', '--no-gpg-sign', '-am', TITLE);
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const planned = await planBetweenCommits(tmp, 'HEAD~1', 'HEAD', { schemaDir: process.env.RECONCILE_SCHEMA_DIR ?? path.join(ROOT, 'dist', 'schemas'), toolVersion: version });
    if (!planned.ok) throw new Error(`the plan failed: ${planned.message}`);
    if (!planned.plan.atlantis?.planned.length) throw new Error('the plan has no Atlantis projects: the section did not appear');
    return planPrBody(planned.plan, { forge: 'github', baseLabel: 'main', headLabel: BRANCH }).body;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function page(bodyHtml: string): string {
  const css = fs.readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.pr { width: 960px; margin: 16px; }
.pr h1 { font-size: 24px; font-weight: 400; margin: 0 0 8px; color: #1f2328; }
.pr h1 span { color: #59636e; font-weight: 300; }
.state { display: inline-block; background: #1f883d; color: #fff; border-radius: 2em; padding: 4px 12px; font-size: 13px; font-weight: 600; margin-right: 8px; }
.meta { color: #59636e; font-size: 14px; margin-bottom: 16px; }
.meta code { background: #ddf4ff; color: #0969da; border-radius: 6px; padding: 1px 5px; font-size: 12px; }
.box { border: 1px solid #d1d9e0; border-radius: 6px; }
.box-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-size: 14px; }
</style></head><body><div class="pr">
<h1>${escapeHtml(TITLE)} <span>#57</span></h1>
<div class="meta"><span class="state">Open</span>reconcile wants to merge 1 commit into <code>main</code> from <code>${escapeHtml(BRANCH)}</code></div>
<div class="box"><div class="box-head">Pull request description</div><article class="markdown-body">${bodyHtml}</article></div>
</div></body></html>`;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'media', 'screenshots', 'atlantis-pr.png'));
  const body = await buildBody();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/e2e-setup.sh or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'], timeout: 60_000 });
  try {
    const p = await browser.newPage({ viewport: { width: 992, height: 900 }, deviceScaleFactor: 1 });
    await p.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await p.setContent(page(new Marked({ gfm: true }).parse(body, { async: false })), { waitUntil: 'load' });
    // Cut under the Atlantis section: the heading that follows it (Live impact) is where the picture ends.
    const next = await p.locator('.markdown-body h4', { hasText: 'Live impact' }).first().boundingBox();
    const box = await p.locator('.pr').boundingBox();
    if (!next || !box) throw new Error('the rendered PR was not laid out');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await p.screenshot({ path: out, clip: { x: 0, y: 0, width: Math.ceil(box.x + box.width + 16), height: Math.ceil(next.y - 8) } });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(ROOT, out)} (${Math.round(fs.statSync(out).size / 1024)} KB)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
