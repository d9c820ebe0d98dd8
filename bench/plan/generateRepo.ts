// A generated GitOps repository for the plan benchmark, built from real documents of the vendored corpus
// (Deployments, Services, ConfigMaps... of kubernetes/examples and the Flux examples, renamed so every
// object is unique): one shared base of `sharedObjects` objects included by `heavyApps` overlays, and
// `lightApps` overlays each with a small base of its own. Committed once in a fresh git repository.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const CORPUS = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'corpus');
const KINDS = new Set(['Deployment', 'Service', 'ConfigMap', 'StatefulSet', 'DaemonSet', 'ServiceAccount', 'Role', 'RoleBinding', 'Ingress', 'PersistentVolumeClaim', 'Job', 'CronJob']);

type Obj = Record<string, unknown> & { kind: string; metadata: Record<string, unknown> };

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name) && !p.includes('/templates/')) out.push(p);
  }
}

/** Namespaced objects of common kinds from the corpus, as templates. */
export function corpusTemplates(): Obj[] {
  const files: string[] = [];
  walk(CORPUS, files);
  const out: Obj[] = [];
  for (const f of files.sort()) {
    let docs;
    try {
      docs = parseAllDocuments(fs.readFileSync(f, 'utf8'), { logLevel: 'silent' });
    } catch {
      continue;
    }
    for (const d of Array.isArray(docs) ? docs : [docs]) {
      if (d.errors.length) continue;
      const o = d.toJS() as Obj | null;
      if (!o || typeof o !== 'object' || !KINDS.has(o.kind) || typeof o.metadata?.name !== 'string' || JSON.stringify(o).includes('{{')) continue;
      delete o.metadata.namespace;
      out.push(o);
    }
  }
  if (out.length < 20) throw new Error(`the corpus gave only ${out.length} templates`);
  return out;
}

export interface GeneratedRepo {
  dir: string;
  /** The file a keystroke edits, and the line it rewrites. */
  editFile: string;
  editLine: (n: number) => { from: string; to: string };
  heavyApps: number;
  lightApps: number;
  sharedObjects: number;
  cleanup(): void;
}

function objectsFile(templates: Obj[], start: number, count: number, suffix: string): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const o = structuredClone(templates[(start + i) % templates.length]);
    o.metadata.name = `${String(o.metadata.name).slice(0, 40)}-${suffix}-${i}`;
    docs.push(stringify(o));
  }
  return docs.join('---\n');
}

export function generateRepo(o: { heavyApps: number; sharedObjects: number; lightApps: number; lightObjects: number }): GeneratedRepo {
  const templates = corpusTemplates();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-bench-plan-')));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const perFile = 50;
  const files: string[] = [];
  for (let f = 0; f * perFile < o.sharedObjects; f++) {
    const name = `objects-${f}.yaml`;
    files.push(name);
    const head = f === 0 ? 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-settings\ndata:\n  revision: "0"\n---\n' : '';
    write(`bases/shared/${name}`, head + objectsFile(templates, f * perFile, Math.min(perFile, o.sharedObjects - f * perFile) - (f === 0 ? 1 : 0), `s${f}`));
  }
  write('bases/shared/kustomization.yaml', `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((f) => `  - ${f}\n`).join('')}commonLabels:\n  app.kubernetes.io/part-of: shop\n`);
  for (let a = 0; a < o.heavyApps; a++) {
    write(`apps/heavy-${a}/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: heavy-${a}\nresources:\n  - ../../bases/shared\ncommonAnnotations:\n  team: team-${a}\n`);
  }
  for (let a = 0; a < o.lightApps; a++) {
    write(`bases/light-${a}/objects.yaml`, objectsFile(templates, a * 7, o.lightObjects, `l${a}`));
    write(`bases/light-${a}/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - objects.yaml\n');
    write(`apps/light-${a}/kustomization.yaml`, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: light-${a}\nresources:\n  - ../../bases/light-${a}\n`);
  }
  write('README.md', '# Generated for bench/plan\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@example.com' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-gpg-sign', '-m', 'generated');
  return {
    dir,
    editFile: 'bases/shared/objects-0.yaml',
    editLine: (n) => ({ from: 'revision: "0"', to: `revision: "${n}"` }),
    heavyApps: o.heavyApps,
    lightApps: o.lightApps,
    sharedObjects: o.sharedObjects,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
