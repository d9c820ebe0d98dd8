// The ~20 MB, ~800-document repository the cold-CLI benchmark validates, built at run time (into a cache folder
// under the OS temp dir) from material committed here, since the repository (a large Argo CD install tree
// and a monitoring stack with big CRDs) is public but not vendored:
//  - the four vendored corpora (test/fixtures/corpus: cert-manager with its 13-334 KB CRDs and Helm chart, the two
//    Flux examples, kubernetes/examples), unchanged;
//  - an "Argo CD install" and a "monitoring stack": CustomResourceDefinitions for Argo CD (Application,
//    ApplicationSet, AppProject, Rollout) and the Prometheus Operator (Prometheus, Alertmanager, ThanosRuler,
//    ScrapeConfig, ...), each wrapping the real schema of the bundled CRD catalog (media/schemas/crds.jsonl.gz,
//    datreeio/CRDs-catalog; no descriptions, so each is smaller than upstream's), plus the ApplicationSets,
//    Applications and AppProjects of test/fixtures/appsets, so the big CRDs are used, not just read;
//  - all of it copied COPIES times under env-NN/ (a repository per environment, as install trees are vendored).
// The result is a git work tree (the CLI roots itself at the git top level); it is rebuilt when this file changes.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as jsYaml from 'js-yaml';

const PROJECT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(PROJECT, 'test', 'fixtures', 'corpus');
const APPSETS = path.join(PROJECT, 'test', 'fixtures', 'appsets', 'repo');
const CATALOG = path.join(PROJECT, 'media', 'schemas', 'crds.jsonl.gz');
/** Copies of the whole set: 2 give ~18 MB and ~780 documents, about the repository. */
export const COPIES = 2;
const CRD_GROUPS = ['argoproj.io', 'monitoring.coreos.com'];

export interface ColdCorpus {
  root: string;
  bytes: number;
  documents: number;
  files: number;
  /** Every YAML document's text, for the parse floor (js-yaml loadAll) and the peer. */
  yamlFiles: string[];
}

/** A CRD as a cluster would serve it: one version, the catalog's structural schema as openAPIV3Schema. */
function crdDocument(key: string, schema: unknown): string {
  const [group, version, kindLower] = key.split('/');
  const kind = KIND_CASE[kindLower] ?? kindLower;
  const plural = kindLower.endsWith('y') ? `${kindLower.slice(0, -1)}ies` : `${kindLower}s`;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { 'app.kubernetes.io/part-of': group === 'argoproj.io' ? 'argocd' : 'kube-prometheus' } },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kindLower },
      scope: 'Namespaced',
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
  return jsYaml.dump(crd, { lineWidth: -1, noRefs: true });
}

/** The catalog's keys lose the kind's case; the CRDs need it back. */
const KIND_CASE: Record<string, string> = {
  application: 'Application',
  applicationset: 'ApplicationSet',
  appproject: 'AppProject',
  rollout: 'Rollout',
  alertmanager: 'Alertmanager',
  alertmanagerconfig: 'AlertmanagerConfig',
  podmonitor: 'PodMonitor',
  probe: 'Probe',
  prometheus: 'Prometheus',
  prometheusagent: 'PrometheusAgent',
  prometheusrule: 'PrometheusRule',
  scrapeconfig: 'ScrapeConfig',
  servicemonitor: 'ServiceMonitor',
  thanosruler: 'ThanosRuler',
};

function fingerprint(): string {
  const h = crypto.createHash('sha256');
  h.update(fs.readFileSync(__filename)).update(fs.readFileSync(CATALOG));
  return h.digest('hex').slice(0, 12);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function build(root: string): void {
  fs.mkdirSync(root, { recursive: true });
  // JSON Lines (bundleFormat.ts crdCatalogLines): a header with the keys, then one schema per line in their order.
  const [head, ...lines] = zlib.gunzipSync(fs.readFileSync(CATALOG)).toString('utf8').split('\n');
  const keys = (JSON.parse(head) as { keys: string[] }).keys;
  const catalog = { schemas: Object.fromEntries(keys.map((k, i) => [k, JSON.parse(lines[i]) as unknown])) };
  const crds = Object.keys(catalog.schemas)
    .filter((k) => CRD_GROUPS.includes(k.split('/')[0]))
    .sort();
  for (let i = 1; i <= COPIES; i++) {
    const env = path.join(root, `env-${String(i).padStart(2, '0')}`);
    for (const repo of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())) {
      fs.cpSync(path.join(CORPUS, repo), path.join(env, repo), { recursive: true });
    }
    for (const k of crds) {
      const dir = path.join(env, k.startsWith('argoproj.io') ? 'argo-cd/crds' : 'monitoring/crds');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${k.replace(/\//g, '_')}.yaml`), crdDocument(k, catalog.schemas[k]));
    }
    fs.cpSync(APPSETS, path.join(env, 'argo-cd', 'apps'), { recursive: true });
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'cold corpus');
}

/** Builds the corpus once per generator/catalog version and returns where it is with its size. */
export function coldCorpus(): ColdCorpus {
  const root = path.join(os.tmpdir(), `reconcile-bench-cold-corpus-${fingerprint()}`);
  if (!fs.existsSync(path.join(root, '.git', 'COMPLETE'))) {
    fs.rmSync(root, { recursive: true, force: true });
    build(root);
    fs.writeFileSync(path.join(root, '.git', 'COMPLETE'), '');
  }
  const yamlFiles = walk(root).filter((f) => !f.includes(`${path.sep}.git${path.sep}`));
  let bytes = 0;
  let documents = 0;
  for (const f of yamlFiles) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    // Helm templates are not YAML; the floor and the CLI both count only documents that parse.
    try {
      jsYaml.loadAll(text, (d) => {
        if (d !== null && d !== undefined) documents++;
      });
    } catch {
      /* a template or a broken file: not a document */
    }
  }
  return { root, bytes, documents, files: yamlFiles.length, yamlFiles };
}

if (require.main === module) {
  const c = coldCorpus();
  process.stdout.write(`${c.root}: ${c.files} YAML files, ${(c.bytes / 1e6).toFixed(1)} MB, ${c.documents} documents\n`);
}
