// Findings that depend on several files (kustomize builds, Flux substitution scopes), computed once per
// validation run over the whole index and handed to each file with a signature for the result cache.
// Each kustomize build is collected once per run and shared by the build-level rules; its results are kept
// between runs (rules/buildCache.ts) and reused while the files it read are unchanged.
import type { RepositoryIndex } from '../index/repositoryIndex';
import { BuildReader, cacheFor, Deps, RecordingReader, stillValid } from './rules/buildCache';
import { missingCandidates } from './rules/buildReferences';
import { addCandidates, Candidate, DuplicateFinding, duplicateCandidates } from './rules/duplicateResources';
import { SubstitutionScope, substitutionScopes } from './rules/fluxSubstitution';
import { BuildGaps, buildRoots, collect, Placed } from './rules/kustomizeBuild';
import { patchFindingsFor } from './rules/patchTargets';

export interface RepoFindings {
  scopes: Map<string, SubstitutionScope[]>;
  /** Build-level problems (RC1402-RC1404) per file. */
  duplicates: Map<string, DuplicateFinding[]>;
}

interface BuildEntry {
  deps: Deps;
  placed: Placed[];
  gaps: BuildGaps;
  duplicates?: Candidate[];
  missing?: { deps: Deps; list: Candidate[] };
}

interface PatchEntry {
  deps: Deps;
  directory: string;
  /** The build the findings were judged against (undefined: the kustomization has no patches). */
  build: BuildEntry | undefined;
  findings: DuplicateFinding[];
}

export interface RepoFindingsOptions {
  /** Keep build results between runs on this index and reuse the unchanged ones (default true). */
  cache?: boolean;
  /** Filled in with how many builds this run collected again and how many it reused. */
  stats?: { collected: number; reused: number };
}

/** All at once (the CLI, a single file's validation). */
export function repoFindings(index: RepositoryIndex, options: RepoFindingsOptions = {}): RepoFindings {
  const steps = repoFindingsSteps(index, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same, handing the event loop back whenever a slice of `sliceMs` has run (the editor: collecting every build
 * of a 100,000-object repository the first time is about 0.4 s). An index change meanwhile is seen by the rest of
 * the run, as in the validator's loop over files; what is kept records what each build read, so the next run
 * recomputes what changed.
 */
export async function repoFindingsInSlices(index: RepositoryIndex, options: RepoFindingsOptions & { sliceMs?: number; pause?: () => Promise<void> } = {}): Promise<RepoFindings> {
  const sliceMs = options.sliceMs ?? 12;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const steps = repoFindingsSteps(index, options);
  let last = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - last > sliceMs) {
      await pause();
      last = performance.now();
    }
  }
}

/** Yields after each build or kustomization, so a caller can pause between them. */
function* repoFindingsSteps(index: RepositoryIndex, options: RepoFindingsOptions): Generator<void, RepoFindings, void> {
  const cache = options.cache === false ? new Map<string, unknown>() : cacheFor(index);
  const used = new Set<string>();
  const reader: BuildReader = index;
  const builds = new Map<string, BuildEntry>();
  const buildOf = (kfile: string): BuildEntry => {
    let entry = builds.get(kfile);
    if (entry) return entry;
    const key = `build\0${kfile}`;
    used.add(key);
    const old = cache.get(key) as BuildEntry | undefined;
    if (old && stillValid(reader, old.deps)) {
      entry = old;
      if (options.stats) options.stats.reused++;
    } else {
      if (options.stats) options.stats.collected++;
      const recorder = new RecordingReader(reader);
      const placed: Placed[] = [];
      const gaps: BuildGaps = { emptyFiles: 0, generated: [] };
      collect(recorder, kfile, undefined, '', '', new Set(), placed, gaps);
      entry = { deps: recorder.deps, placed, gaps };
      cache.set(key, entry);
    }
    builds.set(kfile, entry);
    return entry;
  };

  const roots = [...buildRoots(index)];
  const duplicates = new Map<string, DuplicateFinding[]>();
  let reported = new Set<string>();
  for (const root of roots) {
    const b = buildOf(root);
    b.duplicates ??= duplicateCandidates(root, b.placed);
    addCandidates(duplicates, reported, b.duplicates);
    yield;
  }

  const patches = new Map<string, DuplicateFinding[]>();
  for (const k of index.kustomizations()) {
    const key = `patch\0${k.file}`;
    used.add(key);
    const old = cache.get(key) as PatchEntry | undefined;
    let entry: PatchEntry;
    if (old && old.directory === k.directory && stillValid(reader, old.deps) && (old.build === undefined || old.build === buildOf(k.file))) entry = old;
    else {
      const recorder = new RecordingReader(reader);
      let build: BuildEntry | undefined;
      const findings = patchFindingsFor(recorder, k, () => (build = buildOf(k.file)));
      entry = { deps: recorder.deps, directory: k.directory, build, findings };
      cache.set(key, entry);
    }
    if (entry.findings.length) patches.set(k.file, entry.findings);
    yield;
  }

  const missing = new Map<string, DuplicateFinding[]>();
  reported = new Set<string>();
  for (const root of roots) {
    const b = buildOf(root);
    if (!b.missing || !stillValid(reader, b.missing.deps)) {
      const recorder = new RecordingReader(reader);
      b.missing = { list: missingCandidates(recorder, root, b.placed, b.gaps), deps: recorder.deps };
    }
    addCandidates(missing, reported, b.missing.list);
    yield;
  }

  for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);

  for (const found of [patches, missing]) {
    for (const [file, list] of found) duplicates.set(file, [...(duplicates.get(file) ?? []), ...list]);
  }
  return { scopes: substitutionScopes(index), duplicates };
}
