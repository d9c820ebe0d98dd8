// Small real repositories in temp directories, indexed and validated with the real schemas.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { Diagnostic } from '../../../src/core/types';
import { Validator, ValidatorOptions } from '../../../src/core/validate/validator';
import { schemaDir } from './schemaDir';

export function writeRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-validate-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

export function newValidator(version?: string, options?: ValidatorOptions): Validator {
  const v = Validator.create(schemaDir(), version, options);
  if (!v.ok) throw new Error(v.error);
  return v.value;
}

export async function validateRepo(
  files: Record<string, string>,
  opts: { version?: string; options?: ValidatorOptions; repoUrls?: string[] } = {},
): Promise<{ diagnostics: Diagnostic[]; index: RepositoryIndex; root: string; validator: Validator }> {
  const root = writeRepo(files);
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: opts.repoUrls ?? [] } });
  await index.scan();
  const validator = newValidator(opts.version, opts.options);
  const report = await validator.validateIndex(index);
  return { diagnostics: report.diagnostics, index, root, validator };
}

/** `file:line code` (1-based lines), compact for assertions. */
export function brief(d: Diagnostic): string {
  return `${d.range.file}:${d.range.startPos.line + 1} ${d.code}`;
}

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}
