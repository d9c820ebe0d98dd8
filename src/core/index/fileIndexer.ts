// Indexes one file's text: documents, classification, CRD schemas, parse errors and the references it
// makes. Depends on nothing but the text and the file's role, so a changed file is re-indexed alone.
import { splitDocuments, parseOneChunk, countLines, rangeOfPath } from './parse';
import { classifyDocument, crdSchemas, FileContext, isObject } from './classify';
import { extractReferences, ReferenceContext } from './references';
import { IndexedDocument, IndexedFile, IndexError, Reference } from './model';

export interface FileIndexResult {
  file: IndexedFile;
  references: Reference[];
}

/** Files with a NUL byte in their first 8 KB are binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export function skippedFile(path: string, size: number, reason: string, severity: IndexError['severity'] = 'info', code = 'RC0003'): IndexedFile {
  return {
    path,
    size,
    role: 'skipped',
    skipReason: reason,
    documents: [],
    errors: [{ file: path, line: 0, character: 0, message: reason, code, severity }],
    lineCount: 0,
  };
}

export function helmTemplateFile(path: string, size: number): IndexedFile {
  return { path, size, role: 'helm-template', documents: [], errors: [], lineCount: 0 };
}

function meta(value: unknown): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
  if (!isObject(value)) return {};
  const m = isObject(value.metadata) ? value.metadata : {};
  return {
    apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : undefined,
    kind: typeof value.kind === 'string' ? value.kind : undefined,
    name: typeof m.name === 'string' ? m.name : undefined,
    namespace: typeof m.namespace === 'string' ? m.namespace : undefined,
  };
}

/** Whole-file parse for small files; `yieldEvery` lets big files give the event loop a turn between documents. */
export async function indexFileText(
  path: string,
  text: string,
  ctx: FileContext,
  refCtx: ReferenceContext,
  yieldIfDue?: () => Promise<void>,
): Promise<FileIndexResult> {
  const errors: IndexError[] = [];
  const documents: IndexedDocument[] = [];
  const references: Reference[] = [];
  // JSON files are manifests only when they hold Kubernetes objects; package.json and friends are not.
  if (/\.json$/i.test(path) && !text.includes('"apiVersion"')) {
    return { file: { path, size: text.length, role: 'manifests', documents, errors, lineCount: countLines(text) }, references };
  }
  for (const chunk of splitDocuments(text)) {
    const parsed = parseOneChunk(path, text, chunk, errors);
    if (yieldIfDue) await yieldIfDue();
    if (!parsed) continue;
    const classification = classifyDocument(path, parsed.value, ctx);
    const doc: IndexedDocument = { file: path, index: parsed.index, start: parsed.start, end: parsed.end, startLine: parsed.startLine, endLine: parsed.endLine, classification, value: parsed.value, ...meta(parsed.value) };
    if (parsed.template) doc.template = true;
    if (classification === 'crd' && isObject(parsed.value)) doc.crdSchemas = crdSchemas(parsed.value);
    if (doc.kind && /List$/.test(doc.kind) && isObject(parsed.value) && Array.isArray(parsed.value.items)) {
      // Rare enough to afford exact positions for each item.
      doc.itemLines = parsed.value.items.map((_, i) => rangeOfPath(path, text, chunk.index, ['items', i], 'value')?.startPos.line ?? parsed.startLine);
    }
    documents.push(doc);
    references.push(...extractReferences(path, doc.index, classification, parsed.value, refCtx));
  }
  return { file: { path, size: text.length, role: 'manifests', documents, errors, lineCount: countLines(text) }, references };
}
