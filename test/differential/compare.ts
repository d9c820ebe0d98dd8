// One differential case: render a directory with the built-in engine and with kustomize, then classify.
// Outputs are compared as parsed object lists (order included) and as bytes.
import { isDeepStrictEqual } from 'node:util';
import { loadAll } from 'js-yaml';
import { renderKustomization } from '../../src/core/render/kustomize/build';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { Oracle } from './oracle';
import { firstDifference } from '../conformance/krusty/runKrustyCase';

export type Verdict = 'equal' | 'differ' | 'both-error' | 'only-ours-failed' | 'only-kustomize-failed';
export const VERDICTS: Verdict[] = ['equal', 'differ', 'both-error', 'only-ours-failed', 'only-kustomize-failed'];

export type Side = { ok: true; yaml: string } | { ok: false; message: string };

export interface Outcome {
  verdict: Verdict;
  /** For 'equal': whether the YAML text is identical too. */
  bytesEqual: boolean;
  ours: Side;
  theirs: Side;
  /** A short description of the first difference (for grouping and for messages). */
  detail: string;
}

export async function renderOurs(dir: string, root: string): Promise<Side> {
  const r = await renderKustomization(nodeFileSystem, dir, { root });
  return r.ok ? { ok: true, yaml: r.yaml } : { ok: false, message: r.error.message };
}

function parse(yaml: string): unknown[] {
  try {
    return loadAll(yaml).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    return [`unparsable output: ${e instanceof Error ? e.message : String(e)}`];
  }
}

export function classify(ours: Side, theirs: Side): Outcome {
  if (!ours.ok && !theirs.ok) return { verdict: 'both-error', bytesEqual: false, ours, theirs, detail: `ours: ${ours.message} | kustomize: ${theirs.message}` };
  if (!ours.ok) return { verdict: 'only-ours-failed', bytesEqual: false, ours, theirs, detail: ours.message };
  if (!theirs.ok) return { verdict: 'only-kustomize-failed', bytesEqual: false, ours, theirs, detail: theirs.message };
  const bytesEqual = ours.yaml === theirs.yaml;
  const same = bytesEqual || isDeepStrictEqual(parse(ours.yaml), parse(theirs.yaml));
  return { verdict: same ? 'equal' : 'differ', bytesEqual, ours, theirs, detail: bytesEqual ? '' : firstDifference(ours.yaml, theirs.yaml).replace('got', 'ours').replace('want', 'kustomize') };
}

export async function differential(dir: string, root: string, oracle: Oracle): Promise<Outcome> {
  const [ours, theirs] = await Promise.all([renderOurs(dir, root), oracle.render(dir)]);
  return classify(ours, theirs);
}

/** A difference worth a reproduction: the engines disagree on success, on objects, or on bytes. */
export function isDifference(o: Outcome): boolean {
  return o.verdict === 'differ' || o.verdict === 'only-ours-failed' || o.verdict === 'only-kustomize-failed' || (o.verdict === 'equal' && !o.bytesEqual);
}
