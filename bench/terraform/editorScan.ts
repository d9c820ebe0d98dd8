// One cold editor start on a repository, in a fresh process (run by bench/terraform/run.ts): what the extension
// does first on a workspace, measured step by step: the manifest index scan, the atlantis.yaml check (schema and
// rules over the repository's files), and the first Change Impact plan against HEAD with its "Atlantis will plan"
// section. Prints one JSON line, including whether the HCL parser was loaded at all.
//   node --import tsx bench/terraform/editorScan.ts REPO
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { checkAtlantisConfig } from '../../src/core/atlantis/configCheck';
import { discoverFiles } from '../../src/core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../src/core/index/model';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { plan } from '../../src/core/plan/plan';
import { PlanCache } from '../../src/core/plan/planCache';
import { hclParserLoaded } from '../../src/core/terraform/hclParser';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? '.');
  const steps: Record<string, { wallMs: number; cpuMs: number }> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const w = performance.now();
    const c = cpuMs();
    const r = await fn();
    steps[name] = { wallMs: Math.round(performance.now() - w), cpuMs: Math.round(cpuMs() - c) };
    return r;
  };
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: {} });
  await step('indexScan', () => index.scan());
  const config = await fsp.readFile(path.join(root, 'atlantis.yaml'), 'utf8').catch(() => undefined);
  let findings = 0;
  if (config !== undefined) {
    await step('atlantisYamlCheck', async () => {
      findings = checkAtlantisConfig('atlantis.yaml', config, await discoverFiles(root, nodeFileSystem, DEFAULT_INDEX_SETTINGS)).config.length;
    });
  }
  const r = await step('firstPlan', () => plan({ repoRoot: root, head: { kind: 'working-tree', index }, cache: new PlanCache() }));
  if (!r.ok) throw new Error(r.message);
  console.log(JSON.stringify({ steps, findings, atlantisPlanned: r.plan.atlantis?.planned.length ?? null, hclParserLoaded: hclParserLoaded() }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
