// A Flux HelmRelease whose chart lives in the repository, rendered at one side of a plan: `helm template`
// needs a directory on disk, so the chart (and its values files) are copied out of the side's FileSystem
// (a commit's tree, or the working tree with unsaved buffers) into a temporary folder, removed afterwards.
// Values are layered as helm-controller does (valuesFrom, then spec.values). helm runs only when trusted.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parseDocuments } from '../index/parse';
import { helmReleaseValues, runHelmTemplate } from '../render/helmTemplate';
import { isMap, JsonMap } from '../render/merge/strategicMerge';
import { SubstitutionFiles } from '../history/fluxRender';
import { RenderFunction } from '../history/renderFunction';
import { CancelledError, FileSystem, KubeObject, Manifest } from '../types';

export interface HelmRunSettings {
  /** Whether external programs may run (the CLI: yes; an untrusted workspace: no). */
  trusted: boolean;
  helmPath?: string;
  kubeVersion?: string;
}

const MAX_CHART_FILES = 5000;

async function copyTree(fs: FileSystem, from: string, to: string, budget: { left: number }): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await fs.readDirectory(from)) {
    if (--budget.left < 0) throw new Error(`the chart has more than ${MAX_CHART_FILES} files`);
    const src = posix.join(from, e.name);
    // Symlinks are resolved by the FileSystem (never outside the repository); what it cannot read is skipped.
    const st = await fs.stat(src).catch(() => undefined);
    if (st?.type === 'directory') await copyTree(fs, src, join(to, e.name), budget);
    else if (st?.type === 'file') await writeFile(join(to, e.name), await fs.readFile(src));
  }
}

async function documents(fs: FileSystem, root: string, rel: string): Promise<unknown[]> {
  const text = new TextDecoder().decode(await fs.readFile(posix.join(root, rel)));
  return parseDocuments(rel, text).documents.map((d) => d.value);
}

function manifestsOf(yaml: string, label: string): Manifest[] {
  const file = `${label} (helm template)`;
  return parseDocuments(file, yaml)
    .documents.filter((d) => isMap(d.value as JsonMap))
    .map((d) => ({
      object: d.value as KubeObject,
      origin: { file, documentIndex: d.index, range: { file, start: d.start, end: d.end, startPos: { line: d.startLine, character: 0 }, endPos: { line: d.endLine, character: 0 } } },
    }));
}

export function helmReleaseRender(file: string, name: string, objectFiles: SubstitutionFiles, settings: HelmRunSettings): RenderFunction {
  return async (fs, root, chartPath, token) => {
    const docs: unknown[] = await documents(fs, root, file).catch(() => []);
    const release = docs.find((d) => isMap(d as JsonMap) && (d as JsonMap).kind === 'HelmRelease' && isMap((d as JsonMap).metadata) && ((d as JsonMap).metadata as JsonMap).name === name) as JsonMap | undefined;
    if (!release) throw new Error(`${file} has no HelmRelease named '${name}' here`);
    const meta = release.metadata as JsonMap;
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    const spec = isMap(release.spec) ? release.spec : {};
    const lookup = async (kind: 'ConfigMap' | 'Secret', objName: string, ns: string): Promise<JsonMap | undefined> => {
      for (const f of objectFiles(kind, objName, ns)) {
        const found: unknown[] = await documents(fs, root, f).catch(() => []);
        for (const d of found) {
          if (isMap(d as JsonMap) && (d as JsonMap).kind === kind && isMap((d as JsonMap).metadata) && ((d as JsonMap).metadata as JsonMap).name === objName) return d as JsonMap;
        }
      }
      return undefined;
    };
    const values = await helmReleaseValues(release, lookup);
    if (!values.ok) throw new Error(`HelmRelease ${namespace}/${name}: ${values.error.message}`);
    const chartSpec = isMap(spec.chart) && isMap(spec.chart.spec) ? spec.chart.spec : {};
    const valuesFiles = (Array.isArray(chartSpec.valuesFiles) ? chartSpec.valuesFiles : []).filter((v): v is string => typeof v === 'string');
    const tmp = await mkdtemp(join(tmpdir(), 'reconcile-plan-helm-'));
    try {
      await copyTree(fs, chartPath ? posix.join(root, chartPath) : root, join(tmp, 'chart'), { left: MAX_CHART_FILES });
      const files: string[] = [];
      for (const [i, v] of valuesFiles.entries()) {
        const out = join(tmp, `values-${i}.yaml`);
        await writeFile(out, await fs.readFile(posix.join(root, posix.normalize(v.replace(/^\/+/, '')))));
        files.push(out);
      }
      const r = await runHelmTemplate(
        {
          releaseName: typeof spec.releaseName === 'string' ? spec.releaseName : name,
          namespace: typeof spec.targetNamespace === 'string' ? spec.targetNamespace : namespace,
          chartDir: join(tmp, 'chart'),
          valuesFiles: files,
          kubeVersion: settings.kubeVersion,
        },
        values.values,
        { trusted: settings.trusted, helmPath: settings.helmPath, token },
      );
      if (token.isCancellationRequested) throw new CancelledError();
      if (!r.ok) throw new Error(r.error.message);
      return manifestsOf(r.yaml, `HelmRelease/${name}`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  };
}
