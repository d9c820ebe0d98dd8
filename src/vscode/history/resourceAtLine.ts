// Which indexed object the cursor is in: the document holding the line and, in a `kind: List`, the item
// whose first line is the last one at or above the cursor. Pure, so it is unit-tested on real index output.
import type { IndexedDocument, ResourceEntry } from '../../core/index/model';

/** 0-based `line`; `documents` are one file's documents, `resources` at least that file's resources. */
export function resourceAtLine(file: string, documents: readonly IndexedDocument[], resources: readonly ResourceEntry[], line: number): ResourceEntry | undefined {
  // A cursor on a `---` marker or on comments before a document's first content line belongs to the next
  // document; after the last content line, to that document.
  const sorted = documents.slice().sort((a, b) => a.startLine - b.startLine);
  let doc: IndexedDocument | undefined;
  for (const d of sorted) {
    if (d.classification === 'empty') continue;
    if (line <= d.endLine) {
      doc = d;
      break;
    }
    doc = d;
  }
  if (!doc) return undefined;
  const inDoc = resources.filter((r) => r.file === file && r.documentIndex === doc!.index).sort((a, b) => a.line - b.line);
  if (inDoc.length <= 1) return inDoc[0];
  return inDoc.filter((r) => r.line <= line).pop() ?? inDoc[0];
}
