// Validation of the files a sync PR proposes, before anything is committed: errors block the PR
// unless the user overrides them (and the override is written into the PR body). The whole
// repository is indexed so references between files resolve; only the chosen files are reported.
import { nodeFileSystem } from '../index/nodeFileSystem';
import { RepositoryIndex } from '../index/repositoryIndex';
import { CancellationToken } from '../types';
import { readSchemaManifest } from '../validate/schemas/loadSchemas';
import { Validator } from '../validate/validator';
import { ValidationSummary } from './prBody';

export type ChosenValidation = { ran: true; summary: ValidationSummary } | { ran: false; reason: string };

export async function validateChosenFiles(opts: {
  root: string;
  /** Repo-relative POSIX paths. */
  files: string[];
  schemaDir: string;
  repoUrls?: string[];
  cancellation?: CancellationToken;
}): Promise<ChosenValidation> {
  const manifest = readSchemaManifest(opts.schemaDir);
  if (!manifest.ok) return { ran: false, reason: `schemas not found in ${opts.schemaDir} (run npm run build:schemas)` };
  const validator = Validator.create(opts.schemaDir, manifest.value.defaultKubernetesVersion, { cache: false });
  if (!validator.ok) return { ran: false, reason: validator.error };
  const index = new RepositoryIndex({
    root: opts.root,
    fs: nodeFileSystem,
    settings: { exclude: ['**/node_modules/**', '**/.git/**'], repoUrls: opts.repoUrls ?? [] },
  });
  await index.scan();
  const wanted = new Set(opts.files);
  const files = index
    .files()
    .map((f) => f.path)
    .filter((p) => wanted.has(p));
  const report = await validator.value.validateIndex(index, { files, token: opts.cancellation });
  const diagnostics = report.diagnostics.filter((d) => wanted.has(d.range.file));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const details = [...errors, ...warnings].map((d) => `${d.range.file}:${d.range.startPos.line + 1} ${d.code} ${d.message.split('\n')[0]}`);
  return { ran: true, summary: { errors: errors.length, warnings: warnings.length, details } };
}
