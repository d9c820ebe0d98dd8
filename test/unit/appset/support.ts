// Shared set-up for the ApplicationSet tests: the fixture repository, its cluster Secrets and a context.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { AppSetContext, clusterSecretsFrom, expandApplicationSet, ExpandResult } from '../../../src/core/appset';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';

export const FIXTURE_ROOT = join(__dirname, '..', '..', 'fixtures', 'appsets', 'repo');
export const REMOTE = 'git@github.com:example/gitops.git';

export function docsOf(root: string, dir: string): Array<{ file: string; value: unknown }> {
  return readdirSync(join(root, dir)).map((f) => ({ file: `${dir}/${f}`, value: parseAllDocuments(readFileSync(join(root, dir, f), 'utf8'))[0].toJS() as unknown }));
}

export function fixtureContext(overrides: Partial<AppSetContext> = {}): AppSetContext {
  return { root: FIXTURE_ROOT, fs: nodeFileSystem, remotes: [REMOTE], clusterSecrets: clusterSecretsFrom(docsOf(FIXTURE_ROOT, 'clusters')), ...overrides };
}

/** Expands appsets/NAME from `root` (the fixture repository by default). */
export async function expandFixture(name: string, overrides: Partial<AppSetContext> = {}, root = FIXTURE_ROOT): Promise<ExpandResult> {
  const file = `appsets/${name}`;
  const value = parseAllDocuments(readFileSync(join(root, file), 'utf8'))[0].toJS() as unknown;
  return expandApplicationSet({ file, index: 0, value }, { ...fixtureContext(overrides), root });
}

export function names(r: ExpandResult): string[] {
  return r.applications.map((a) => a.name);
}

export function field(obj: unknown, path: Array<string | number>): unknown {
  let v = obj;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}
