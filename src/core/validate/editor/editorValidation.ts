// The editor's validation of a folder, without VS Code: the validator built once for the folder's settings, in the
// background and in slices (reading and parsing the schema bundle held the extension host for about a second at
// once), and whole-folder runs after index changes. The VS Code controller publishes what this returns.
import * as path from 'node:path';
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { CancellationToken, Logger } from '../../types';
import { ApiLifecycle } from '../apiLifecycle';
import { SeverityOverrides } from '../ruleCatalog';
import { LoadResult } from '../schemas/loadSchemas';
import { addSchemaFolder } from '../schemas/schemaFolder';
import { SchemaRegistry, SchemaRegistryOptions } from '../schemas/schemaRegistry';
import { ValidationReport, Validator } from '../validator';
import { loadSchemasCooperatively } from './schemaLoading';

export interface EditorValidationOptions {
  schemaDir: string;
  kubernetesVersion?: string;
  severity?: SeverityOverrides;
  /** Extra schema folders, absolute or relative to `workspaceRoot`. */
  schemaFolders?: string[];
  workspaceRoot?: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /**
   * Whether schemas may be compiled by ajv after many uses of a kind, as the CLI does (default false: the editor
   * keeps walking them with the interpreter, so no compile ever holds the extension host).
   */
  compileSchemas?: boolean;
  /** Between slices of work (default: one turn of the event loop, `setImmediate`). */
  pause?: () => Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class EditorValidation {
  /** Settled once the validator is built (undefined: validation is off, the log says why). */
  private building: Promise<Validator | undefined> | undefined;
  private built: Validator | undefined | null = null;

  constructor(private readonly options: EditorValidationOptions) {}

  /**
   * The validator now, for a caller that cannot wait: if the background build has not finished, it is built here at
   * once from loadSchemas' cache (the same validator; the background result is then dropped). Hover and completion
   * wait for `validator()` instead, so they never build a second registry.
   */
  get activeValidator(): Validator | undefined {
    if (this.built === null) this.built = this.configure(Validator.create(this.options.schemaDir, this.options.kubernetesVersion, { severityOverrides: this.options.severity }, this.registryOptions()));
    return this.built;
  }

  /** The validator, built in the background on first call. */
  validator(): Promise<Validator | undefined> {
    if (this.built !== null) return Promise.resolve(this.built);
    this.building ??= this.build();
    return this.building;
  }

  async validateIndex(index: RepositoryIndex, token?: CancellationToken): Promise<ValidationReport | undefined> {
    const v = await this.validator();
    if (!v) return undefined;
    return v.validateIndex(index, { token });
  }

  private async build(): Promise<Validator | undefined> {
    const pause = this.options.pause ?? nextTurn;
    const loaded = await loadSchemasCooperatively(this.options.schemaDir, this.options.kubernetesVersion, pause);
    await pause();
    if (this.built !== null) return this.built;
    let created: LoadResult<Validator>;
    if (!loaded.ok) created = loaded;
    else {
      // As Validator.create, from the same data.
      const registry = new SchemaRegistry(loaded.value, this.registryOptions());
      created = { ok: true, value: new Validator(registry, new ApiLifecycle(loaded.value.apiVersions, registry.kubernetesVersion), { severityOverrides: this.options.severity }) };
    }
    // Hover may have needed it meanwhile: one validator per folder.
    if (this.built !== null) return this.built;
    this.built = this.configure(created);
    return this.built;
  }

  private registryOptions(): SchemaRegistryOptions {
    return this.options.compileSchemas ? {} : { interpretUntil: Infinity };
  }

  private configure(created: LoadResult<Validator>): Validator | undefined {
    const o = this.options;
    if (!created.ok) {
      // A packaging problem, not something the user can act on in the editor: the log says it, no popup.
      o.logger.error(`Validation is off: ${created.error}`);
      return undefined;
    }
    for (const folder of o.schemaFolders ?? []) {
      const dir = path.isAbsolute(folder) ? folder : path.join(o.workspaceRoot ?? '', folder);
      const r = addSchemaFolder(created.value.registry, dir);
      for (const p of r.problems) o.logger.warn(`schema folder: ${p}`);
      o.logger.info(`Loaded ${r.added} schemas from ${dir}`);
    }
    return created.value;
  }
}
