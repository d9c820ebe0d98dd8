// The committed schema bundle (media/schemas): its content hash, its provenance file, and the check that
// the bundle is whole and was made by today's converter. Shared by build-schemas.ts (writes), copy-schemas.ts
// (checks before copying into dist/) and the bundle's tests.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { SCHEMA_FILES, SchemaManifest } from '../src/core/validate/schemas/bundleFormat';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const BUNDLE_DIR = path.join(PROJECT_ROOT, 'media', 'schemas');
/** Written next to manifest.json: where the bundle came from; never read by the product. */
export const SOURCES_FILE = 'sources.json';

export interface SchemaSources {
  /** Each upstream document the bundle was made from, relative to the `--source` folder. */
  inputs: Array<{ path: string; bytes: number; sha256: string }>;
  /** converterFingerprint() of the build that wrote the bundle. */
  converter: string;
}

export const sha256 = (data: crypto.BinaryLike): string => crypto.createHash('sha256').update(data).digest('hex');

/** The files that make up the bundle's content: everything but the manifest and the provenance file. */
export function contentFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== SCHEMA_FILES.manifest && f !== SOURCES_FILE && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * sha256 over each content file's name and uncompressed bytes: the same for the same content whatever zlib
 * build compressed it (gzip output may differ between zlib versions, the JSON inside may not).
 */
export function bundleContentHash(dir: string): string {
  const h = crypto.createHash('sha256');
  for (const f of contentFiles(dir)) {
    const raw = fs.readFileSync(path.join(dir, f));
    h.update(`${f}\0`).update(f.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).update('\0');
  }
  return h.digest('hex');
}

/** The converter's source files: build-schemas.ts and every project module it imports, transitively. */
export function converterSources(entry = path.join(PROJECT_ROOT, 'scripts', 'build-schemas.ts')): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)) {
      const base = path.resolve(path.dirname(file), m[1]);
      const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      // JSON and other non-TS imports are data the converter reads, not code that shapes its output.
      if (target) visit(target);
    }
  };
  visit(entry);
  return [...seen].sort();
}

/**
 * A fingerprint of what the converter does: its sources' tokens with comments and layout dropped (TypeScript's
 * own scanner), so a comment or formatting change does not call for a rebuild but any code change does.
 */
export function converterFingerprint(): string {
  // Loaded here only (9 MB): copying the bundle into dist/ at build time does not need it.
  const ts = require('typescript') as typeof import('typescript');
  const h = crypto.createHash('sha256');
  for (const file of converterSources()) {
    h.update(`${path.relative(PROJECT_ROOT, file).split(path.sep).join('/')}\0`);
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, fs.readFileSync(file, 'utf8'));
    for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
      // Template and regex tokens need the parser's context to rescan; their raw text is stable enough for a hash.
      h.update(scanner.getTokenText()).update('\0');
    }
  }
  return h.digest('hex');
}

export function readSchemaSources(dir: string): SchemaSources | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, SOURCES_FILE), 'utf8')) as SchemaSources;
  } catch {
    return undefined;
  }
}

/** What is wrong with a bundle folder, as messages that say how to fix it; empty when it is whole. */
export function bundleProblems(dir: string): string[] {
  const fix = 'regenerate it with `npm run schemas:update -- --source <upstream schemas folder>` (docs/schemas.md)';
  let manifest: SchemaManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, SCHEMA_FILES.manifest), 'utf8')) as SchemaManifest;
  } catch {
    return [`no readable ${SCHEMA_FILES.manifest} in ${dir}: ${fix}`];
  }
  const problems: string[] = [];
  const wanted = [...manifest.kubernetesVersions.map(SCHEMA_FILES.kubernetes), SCHEMA_FILES.crds, SCHEMA_FILES.apiVersions];
  for (const f of wanted) if (!fs.existsSync(path.join(dir, f))) problems.push(`${f} is missing from ${dir}: ${fix}`);
  if (problems.length === 0 && bundleContentHash(dir) !== manifest.contentHash) {
    problems.push(`the files in ${dir} do not match its ${SCHEMA_FILES.manifest} (contentHash): ${fix}`);
  }
  return problems;
}
