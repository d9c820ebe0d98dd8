// Runs every rule over the repository index and returns diagnostics with exact ranges. Clean documents cost
// one compiled-schema call; file text and `yaml` positions are only touched for documents with problems.
import { isObject } from '../index/classify';
import { IndexedDocument, IndexedFile, Reference } from '../index/model';
import type { RepositoryIndex } from '../index/repositoryIndex';
import { CancellationToken, CancelledError, Diagnostic, NEVER_CANCELLED, ProgressReporter } from '../types';
import { ApiLifecycle } from './apiLifecycle';
import { closestName } from './closestName';
import { helmValuesProblems, HelmValuesSchemaCache } from './rules/helmValues';
import { referenceProblems } from './rules/references';
import { scopeSignature, SubstitutionScope, unsetVariables } from './rules/fluxSubstitution';
import { DuplicateFinding, duplicateSignature } from './rules/duplicateResources';
import { RepoFindings, repoFindings, repoFindingsInSlices } from './repoFindings';
import { problemsToDiagnostics } from './problemsToDiagnostics';
import { workloadSelectorProblems } from './rules/workloadSelector';
import { yaml11BooleanProblems } from './rules/yaml11';
import { kustomizationFieldProblems } from './rules/kustomizationFields';
import { Problem, YamlPath } from './problem';
import { SeverityOverrides } from './ruleCatalog';
import { schemaProblems } from './schemaProblems';
import { LoadResult, loadSchemas } from './schemas/loadSchemas';
import { SchemaRegistry, SchemaRegistryOptions } from './schemas/schemaRegistry';
import { TEMPLATE_MESSAGE_PARSED } from '../index/templateSyntax';

export interface ValidatorOptions {
  severityOverrides?: SeverityOverrides;
  /**
   * Reuse a file's diagnostics while its index entry, its references' resolution and the schemas are
   * unchanged (default true). Off, every document is re-validated on every run (what the benchmark measures).
   */
  cache?: boolean;
}

export interface ValidationReport {
  files: number;
  documents: number;
  /** Sorted by file, then position. */
  diagnostics: Diagnostic[];
  byFile: Map<string, Diagnostic[]>;
}

/** State of one file's validation (one RC1204 note per kind and file). */
interface RunState {
  unknownKinds: Set<string>;
}

type Obj = Record<string, unknown>;

const OBJECT_CLASSES = new Set(['kubernetes', 'flux', 'argocd', 'crd', 'patch']);
/** Rules about a document's shape, which a template's unfilled placeholders make meaningless. */
const SHAPE_RULES = /^RC1(001|1\d\d|301|40[56])$/;

export class Validator {
  private readonly helmSchemas = new HelmValuesSchemaCache();
  /** Index entries are replaced (never mutated) when a file changes, so identity keys these caches. */
  private readonly results = new WeakMap<IndexedFile, { signature: string; diagnostics: Diagnostic[] }>();
  private readonly texts = new WeakMap<IndexedFile, string>();
  private optionsGeneration = 0;

  constructor(
    readonly registry: SchemaRegistry,
    readonly lifecycle: ApiLifecycle,
    private options: ValidatorOptions = {},
  ) {}

  /** Loads the bundled schemas of one Kubernetes release (`1.34` by default) from a schema directory. */
  static create(schemaDir: string, kubernetesVersion?: string, options?: ValidatorOptions, registryOptions?: SchemaRegistryOptions): LoadResult<Validator> {
    const loaded = loadSchemas(schemaDir, kubernetesVersion);
    if (!loaded.ok) return loaded;
    const registry = new SchemaRegistry(loaded.value, registryOptions);
    return { ok: true, value: new Validator(registry, new ApiLifecycle(loaded.value.apiVersions, registry.kubernetesVersion), options) };
  }

  configure(options: ValidatorOptions): void {
    this.options = options;
    this.optionsGeneration++;
  }

  get kubernetesVersion(): string {
    return this.registry.kubernetesVersion;
  }

  /** Validates every file of the index (or only `files`), yielding to the event loop between files. */
  async validateIndex(
    index: RepositoryIndex,
    opts: { files?: string[]; token?: CancellationToken; progress?: ProgressReporter } = {},
  ): Promise<ValidationReport> {
    const token = opts.token ?? NEVER_CANCELLED;
    this.syncRepositoryCrds(index);
    // In slices: the first run collects every kustomize build (about 0.4 s at 100,000 objects).
    const repo = await repoFindingsInSlices(index);
    const files = opts.files ? opts.files.map((f) => index.getFile(f)).filter((f): f is IndexedFile => f !== undefined) : index.files();
    const byFile = new Map<string, Diagnostic[]>();
    const diagnostics: Diagnostic[] = [];
    let documents = 0;
    let last = performance.now();
    for (let i = 0; i < files.length; i++) {
      if (token.isCancellationRequested) throw new CancelledError();
      const f = files[i];
      documents += f.documents.filter((d) => d.classification !== 'empty').length;
      const diags = await this.validateIndexedFile(index, f, repo);
      byFile.set(f.path, diags);
      diagnostics.push(...diags);
      if (performance.now() - last > 12) {
        opts.progress?.(i + 1, files.length, f.path);
        await new Promise<void>((r) => setImmediate(r));
        last = performance.now();
      }
    }
    return { files: files.length, documents, diagnostics, byFile };
  }

  /** Validates one file (e.g. after an edit). */
  async validateFile(index: RepositoryIndex, relPath: string): Promise<Diagnostic[]> {
    this.syncRepositoryCrds(index);
    const f = index.getFile(relPath);
    return f ? this.validateIndexedFile(index, f, repoFindings(index)) : [];
  }

  private syncRepositoryCrds(index: RepositoryIndex): void {
    const crds: Array<{ group: string; version: string; kind: string; schema: unknown }> = [];
    for (const f of index.files()) {
      for (const d of f.documents) {
        if (!d.crdSchemas) continue;
        for (const c of d.crdSchemas) if (c.served && c.kind && isObject(c.schema)) crds.push(c);
      }
    }
    this.registry.setRepositoryCrds(crds);
  }

  private async validateIndexedFile(index: RepositoryIndex, file: IndexedFile, repo: RepoFindings): Promise<Diagnostic[]> {
    const scopes = repo.scopes.get(file.path);
    const duplicates = repo.duplicates.get(file.path);
    // Helm templates are Go templates, not YAML, until rendered.
    if (file.role === 'helm-template') return [];
    const refs = index.referencesFrom(file.path);
    const useCache = this.options.cache !== false;
    let signature = '';
    if (useCache) {
      signature = `${this.registry.generation}|${this.optionsGeneration}|${refs.map((r) => (r.resolved === false ? '0' : '1')).join('')}|${scopeSignature(scopes)}|${duplicateSignature(duplicates)}`;
      const hit = this.results.get(file);
      // values.yaml results also depend on values.schema.json, which the index does not track: never cached.
      if (hit && hit.signature === signature && !file.documents.some((d) => d.classification === 'helm-values')) return hit.diagnostics;
    }
    const diagnostics = await this.computeFile(index, file, refs, scopes, duplicates);
    if (useCache) this.results.set(file, { signature, diagnostics });
    return diagnostics;
  }

  private async computeFile(
    index: RepositoryIndex,
    file: IndexedFile,
    refs: Reference[],
    scopes: SubstitutionScope[] | undefined,
    duplicates: DuplicateFinding[] | undefined,
  ): Promise<Diagnostic[]> {
    const state: RunState = { unknownKinds: new Set() };
    const perDoc = new Map<number, Problem[]>();
    const add = (doc: number, problems: Problem[]) => {
      if (problems.length === 0) return;
      const list = perDoc.get(doc);
      if (list) list.push(...problems);
      else perDoc.set(doc, problems);
    };
    for (const doc of file.documents) add(doc.index, await this.documentProblems(index, doc, state));
    if (refs.some((r) => r.resolved === false)) {
      const byDoc = new Map<number, Reference[]>();
      for (const r of refs) {
        const l = byDoc.get(r.source.documentIndex);
        if (l) l.push(r);
        else byDoc.set(r.source.documentIndex, [r]);
      }
      for (const [docIndex, docRefs] of byDoc) {
        const sourceName = docRefs.find((r) => r.type === 'flux-source')?.text;
        add(docIndex, referenceProblems(docRefs, { sourceNameOf: () => sourceName }));
      }
    }
    for (const d of duplicates ?? []) add(d.documentIndex, [d.problem]);
    if (scopes && scopes.length > 0) {
      const text = await this.textOf(index, file);
      if (text.includes('${')) {
        for (const doc of file.documents) {
          const found = unsetVariables(text, doc.start, doc.end, scopes);
          add(doc.index, found.map((u) => ({ code: 'RC1504', message: u.message, path: [], which: 'value' as const, span: { start: u.start, end: u.end } })));
        }
      }
    }
    if (perDoc.size === 0 && file.errors.length === 0) return [];
    return problemsToDiagnostics(file, await this.textOf(index, file), perDoc, file.errors, this.options.severityOverrides);
  }

  private async documentProblems(index: RepositoryIndex, doc: IndexedDocument, state: RunState): Promise<Problem[]> {
    const found = await this.checkDocument(index, doc, state);
    if (!doc.template) return found;
    // A template for another tool (`replicas: {{replicas}}`): say once that its shape was not judged.
    const kept = found.filter((p) => !SHAPE_RULES.test(p.code));
    if (kept.length < found.length || OBJECT_CLASSES.has(doc.classification)) kept.push({ code: 'RC1002', message: TEMPLATE_MESSAGE_PARSED, path: ['kind'], which: 'key' });
    return kept;
  }

  private async checkDocument(index: RepositoryIndex, doc: IndexedDocument, state: RunState): Promise<Problem[]> {
    const value = doc.value;
    if (doc.classification === 'helm-values') return helmValuesProblems(index, doc, this.helmSchemas);
    if (!isObject(value)) return [];
    if (doc.classification === 'kustomization' || doc.classification === 'kustomize-component') return kustomizationFieldProblems(value);
    if (!OBJECT_CLASSES.has(doc.classification)) {
      // Something that names a kind or apiVersion but not both is meant as a Kubernetes object.
      if (doc.classification === 'non-kubernetes' && ('kind' in value || 'apiVersion' in value)) return missingHeader(value, []);
      return [];
    }
    const lenient = doc.classification === 'patch';
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return lenient ? [] : missingHeader(value, []);
    if (this.isObjectList(value.apiVersion, value.kind, value)) {
      const out: Problem[] = [];
      value.items.forEach((item, i) => {
        if (!isObject(item)) return;
        const prefix = ['items', i];
        if (typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') out.push(...missingHeader(item, prefix));
        else out.push(...this.objectProblems(item.apiVersion, item.kind, item, prefix, lenient, state));
      });
      return out;
    }
    return this.objectProblems(value.apiVersion, value.kind, value, [], lenient, state);
  }

  /**
   * `kind: List` and typed lists (`ConfigMapList`, `RoleBindingList`, `PrometheusRuleList`): kubectl applies
   * each item on its own whatever the list's type says, so each item is checked against its own kind's schema
   * (the typed list's schema would judge a stray Secret as a ConfigMap). A `...List` kind with a schema of its
   * own and no known `...` kind (a CRD named so) stays an ordinary object.
   */
  private isObjectList(apiVersion: string, kind: string, value: Obj): value is Obj & { items: unknown[] } {
    if (!kind.endsWith('List') || !Array.isArray(value.items)) return false;
    return kind === 'List' || this.registry.resolve(apiVersion, kind.slice(0, -4)) !== undefined || this.registry.resolve(apiVersion, kind) === undefined;
  }

  /** Schema, API lifecycle and object rules for one object (a document, or an item of a List). */
  objectProblems(apiVersion: string, kind: string, value: Obj, prefix: YamlPath, lenient: boolean, state: RunState): Problem[] {
    const out: Problem[] = [];
    const status = this.lifecycle.status(apiVersion, kind);
    const target = this.lifecycle.target;
    if (status.status === 'removed') {
      const when = status.removedIn ? ` (removed in ${status.removedIn})` : status.lastServedIn ? ` (last served in ${status.lastServedIn})` : '';
      const fixable = status.replacement && this.movesCleanly(value, status.replacement, kind);
      out.push({
        code: 'RC1201',
        message: `${kind} ${apiVersion} is not served by Kubernetes ${target}${when}. ${
          status.replacement ? `Use apiVersion ${status.replacement}${fixable ? '' : ' (check the changed fields)'}.` : 'It has no replacement; remove it or use an alternative.'
        }`,
        path: [...prefix, 'apiVersion'],
        which: 'value',
        fix: fixable && status.replacement ? { title: `Change apiVersion to ${status.replacement}`, path: [...prefix, 'apiVersion'], which: 'value', newText: status.replacement } : undefined,
      });
      return out;
    }
    if (status.status === 'unknown-kind') {
      const guess = closestName(kind, status.knownKinds);
      out.push({
        code: 'RC1203',
        message: `${apiVersion} has no kind "${kind}" in Kubernetes ${target}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        path: [...prefix, 'kind'],
        which: 'value',
        fix: guess ? { title: `Change kind to ${guess}`, path: [...prefix, 'kind'], which: 'value', newText: guess } : undefined,
      });
      return out;
    }
    if (status.status === 'deprecated') {
      const fixable = status.replacement && this.movesCleanly(value, status.replacement, kind);
      out.push({
        code: 'RC1202',
        message: `${kind} ${apiVersion} is deprecated: Kubernetes ${status.removedIn} no longer serves it.${status.replacement ? ` Use apiVersion ${status.replacement}.` : ''}`,
        path: [...prefix, 'apiVersion'],
        which: 'value',
        fix: fixable && status.replacement ? { title: `Change apiVersion to ${status.replacement}`, path: [...prefix, 'apiVersion'], which: 'value', newText: status.replacement } : undefined,
      });
    }
    const resolved = this.registry.resolve(apiVersion, kind);
    if (!resolved) {
      const key = `${apiVersion}/${kind}`;
      if (!state.unknownKinds.has(key)) {
        state.unknownKinds.add(key);
        out.push({
          code: 'RC1204',
          message: `No schema for ${kind} (${apiVersion}); its documents are not schema-checked. Add its CRD to the repository or an extra schema folder.`,
          path: [...prefix, 'kind'],
          which: 'value',
        });
      }
    } else {
      out.push(...schemaProblems(resolved, value, { lenient, prefix, kindLabel: kind }));
      out.push(...yaml11BooleanProblems(this.registry, resolved.schema, value, prefix));
    }
    if (!lenient) out.push(...workloadSelectorProblems(apiVersion, kind, value, prefix));
    return out;
  }

  /** A move to another apiVersion is mechanical when the object is valid under the new schema as it stands. */
  private movesCleanly(value: Obj, apiVersion: string, kind: string): boolean {
    const next = this.registry.resolve(apiVersion, kind);
    if (!next) return false;
    return schemaProblems(next, { ...value, apiVersion }, { lenient: false, prefix: [], kindLabel: kind }).length === 0;
  }

  private async textOf(index: RepositoryIndex, file: IndexedFile): Promise<string> {
    let text = this.texts.get(file);
    if (text === undefined) {
      try {
        text = await index.readText(file.path);
      } catch {
        text = '';
      }
      this.texts.set(file, text);
    }
    return text;
  }
}

function missingHeader(value: Obj, prefix: YamlPath): Problem[] {
  const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
  if (missing.length === 0) return [];
  const present = ['kind', 'apiVersion'].find((k) => k in value);
  return [
    {
      code: 'RC1001',
      message: `Missing ${missing.map((m) => `"${m}"`).join(' and ')}: every Kubernetes object needs both apiVersion and kind.`,
      path: present ? [...prefix, present] : prefix,
      which: 'key',
    },
  ];
}
