// Runs generators: dispatches on the generator type, applies a generator's `selector` to its parameter
// sets (Transform in Argo CD), interpolates a matrix's second child with the first child's parameters,
// and collects problems and not-expanded reasons as values.
import { clustersParams } from './generators/clusters';
import { matrixParams, mergeParams } from './generators/combine';
import { gitParams } from './generators/git';
import { listParams } from './generators/list';
import { flattenParams, LabelSelector, ParamSet, selectorMatches } from './params';
import { isPlainMap, TemplateRenderer } from './render';
import { RepoAccess } from './repoTree';
import { APPSET_CODES, AppSetContext, AppSetProblem, NotExpanded, YamlPath } from './types';

/** Generators that need the ApplicationSet controller's access to an SCM, a PR API, a cluster or a plugin. */
export const CONTROLLER_ONLY = ['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'] as const;
export const TERMINAL = ['list', 'clusters', 'git'] as const;
const ALL = [...TERMINAL, 'matrix', 'merge', ...CONTROLLER_ONLY] as const;

export interface GenerateOptions {
  /** The first matrix child's parameters, rendered into the second child's spec. */
  interpolate?: ParamSet;
  /** Matrix/merge nesting depth: Argo CD allows one nested matrix or merge. */
  depth: number;
  /** Drop this generator's selector (nested selectors without spec.applyNestedSelectors). */
  ignoreSelector?: boolean;
}

export class GeneratorEngine {
  readonly problems: AppSetProblem[] = [];
  readonly notExpanded: NotExpanded[] = [];

  constructor(
    readonly ctx: AppSetContext,
    readonly repo: RepoAccess,
    readonly renderer: TemplateRenderer,
    readonly applyNestedSelectors: boolean,
  ) {}

  get goTemplate(): boolean {
    return this.renderer.goTemplate;
  }

  problem(code: string, severity: AppSetProblem['severity'], message: string, path: YamlPath): void {
    this.problems.push({ code, severity, message, path });
  }

  /** The one generator type set in `gen` (Argo CD uses every non-nil one; more than one is a mistake). */
  kindOf(gen: Record<string, unknown>, path: YamlPath): (typeof ALL)[number] | undefined {
    const kinds = ALL.filter((k) => gen[k] !== undefined && gen[k] !== null);
    if (kinds.length === 0) {
      const unknown = Object.keys(gen).filter((k) => k !== 'selector');
      this.problem(APPSET_CODES.generator, 'error', unknown.length ? `Unknown generator ${unknown.map((k) => `"${k}"`).join(', ')}: Argo CD knows ${ALL.join(', ')}.` : 'Empty generator: set one of list, clusters, git, matrix, merge.', path);
      return undefined;
    }
    if (kinds.length > 1) this.problem(APPSET_CODES.generator, 'warning', `This generator sets ${kinds.join(' and ')}; Argo CD runs each of them as a separate generator. Use one per list item.`, path);
    return kinds[0];
  }

  /** Parameter sets of one generator, or undefined when it fails or cannot be expanded (already reported). */
  async generate(raw: unknown, path: YamlPath, opts: GenerateOptions): Promise<ParamSet[] | undefined> {
    if (!isPlainMap(raw)) {
      this.problem(APPSET_CODES.generator, 'error', 'A generator must be a mapping.', path);
      return undefined;
    }
    let gen = raw;
    const kind = this.kindOf(gen, path);
    if (!kind) return undefined;
    if ((CONTROLLER_ONLY as readonly string[]).includes(kind)) {
      this.notExpanded.push({ generator: kind, path: [...path, kind], reason: `the ${kind} generator needs the ApplicationSet controller` });
      return undefined;
    }
    // Like Argo CD, the whole child is rendered, a nested matrix or merge included.
    if (opts.interpolate) {
      const r = this.renderer.deep(gen, opts.interpolate);
      if (!r.ok) {
        this.problem(APPSET_CODES.template, 'error', `Interpolating the first matrix generator's parameters: ${r.error}`, [...path, ...r.path]);
        return undefined;
      }
      gen = r.value as Record<string, unknown>;
    }
    const spec = gen[kind];
    const specPath = [...path, kind];
    let params: ParamSet[] | undefined;
    switch (kind) {
      case 'list':
        params = await listParams(this, spec, specPath);
        break;
      case 'clusters':
        params = clustersParams(this, spec, specPath);
        break;
      case 'git':
        params = await gitParams(this, spec, specPath);
        break;
      case 'matrix':
      case 'merge':
        if (opts.depth >= 2) {
          this.problem(APPSET_CODES.generator, 'error', `Argo CD nests ${kind} generators one level deep at most (a matrix or merge inside a matrix or merge).`, specPath);
          return undefined;
        }
        params = kind === 'matrix' ? await matrixParams(this, spec, specPath, opts.depth + 1) : await mergeParams(this, spec, specPath, opts.depth + 1);
        break;
    }
    if (!params) return undefined;
    const selector = gen.selector;
    if (!opts.ignoreSelector && isPlainMap(selector)) params = this.select(params, selector as LabelSelector, [...path, 'selector']);
    return params;
  }

  private select(params: ParamSet[], selector: LabelSelector, path: YamlPath): ParamSet[] {
    const out: ParamSet[] = [];
    for (const p of params) {
      const m = selectorMatches(selector, flattenParams(p));
      if (typeof m === 'object') {
        this.problem(APPSET_CODES.generator, 'error', `Selector: ${m.error}.`, path);
        return [];
      }
      if (m) out.push(p);
    }
    return out;
  }
}
