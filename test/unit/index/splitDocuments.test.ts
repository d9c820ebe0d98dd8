// splitDocuments was rewritten for speed (markers by indexOf, only each chunk's first and last content lines
// examined). This keeps the previous line-by-line implementation as the reference and requires identical
// chunks on every corpus file, on mutated variants and on edge cases.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { countLines, DocumentChunk, splitDocuments, splitDocumentsCounted } from '../../../src/core/index/parse';
import { corpusYamlFiles, mutate, prng } from './yamlCorpus';

function isMarkerAt(text: string, pos: number, ch: '-' | '.'): boolean {
  if (text.charCodeAt(pos) !== ch.charCodeAt(0) || text.charCodeAt(pos + 1) !== ch.charCodeAt(0) || text.charCodeAt(pos + 2) !== ch.charCodeAt(0)) return false;
  const after = text.charCodeAt(pos + 3);
  return Number.isNaN(after) || after === 32 || after === 9 || after === 13 || after === 10;
}

function lineEnd(text: string, eol: number): number {
  return eol > 0 && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
}

/** The previous implementation, line by line. */
function referenceSplit(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  let chunkStartLine = 0;
  let line = 0;
  let contentStartLine = -1;
  let contentEndLine = -1;
  let contentStart = -1;
  let contentEnd = -1;
  // After `...` the rest up to the next `---` is not part of any document.
  let ended = false;
  let sawMarker = false;
  const close = (end: number) => {
    chunks.push({ index: chunks.length, chunkStart, chunkEnd: end, chunkStartLine, contentStartLine, contentEndLine, contentStart, contentEnd });
  };
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    if (isMarkerAt(text, pos, '-')) {
      // A preamble before the first marker with no content (comments, directives) is not a document.
      if (sawMarker || contentStartLine !== -1) close(pos);
      sawMarker = true;
      chunkStart = pos;
      chunkStartLine = line;
      contentStartLine = contentEndLine = contentStart = contentEnd = -1;
      ended = false;
      // Content on the marker line itself (`--- !tag` or `--- |`) makes the marker line the first content line.
      const rest = text.slice(pos + 3, eol).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        contentStartLine = contentEndLine = line;
        contentStart = pos;
        contentEnd = lineEnd(text, eol);
      }
    } else if (isMarkerAt(text, pos, '.')) {
      ended = true;
    } else if (!ended) {
      // A content line: first non-space character is neither a comment nor the end of line.
      let p = pos;
      while (p < eol && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      const c = text.charCodeAt(p);
      if (p < eol && c !== 35 /* # */ && c !== 13 /* \r */ && !(c === 0xfeff && p + 1 >= eol)) {
        if (contentStartLine === -1) {
          contentStartLine = line;
          contentStart = pos;
        }
        contentEndLine = line;
        contentEnd = lineEnd(text, eol);
      }
    }
    pos = eol + 1;
    line++;
  }
  close(len);
  return chunks;
}

function same(text: string, label: string): void {
  const got = splitDocumentsCounted(text);
  assert.deepEqual(got.chunks, referenceSplit(text), label);
  assert.deepEqual(splitDocuments(text), got.chunks, label);
  assert.equal(got.lineCount, countLines(text), label);
}

test('splitDocuments: identical chunks to the line-by-line reference on every corpus file and mutants', () => {
  const rnd = prng(99);
  let n = 0;
  for (const file of corpusYamlFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    same(text, file);
    for (let k = 0; k < 4; k++) same(mutate(text, rnd), `${file} mutant ${k}`);
    n++;
  }
  assert.ok(n > 300, `files: ${n}`);
});

test('splitDocuments: identical chunks on edge cases (markers, preambles, `...`, CRLF, BOM, no final newline)', () => {
  const cases = [
    '', '\n', '---', '---\n', '--- \n', '---\n---\n', 'a: 1', 'a: 1\n', '# c\n---\na: 1\n', 'a: 1\n---\nb: 2', '--- |\n  x\n--- !t\ny: 1\n',
    'a: 1\n...\nignored\n---\nb: 2\n...\n', '...\n---\na: 1', 'a: 1\r\n---\r\nb: 2\r\n', '\ufeff\n---\n\ufeffa: 1\n', '----\n---x\n--- # c\n',
    '  \n\t\n# only comments\n', 'a: 1\n\n\n', '%YAML 1.2\n---\na: 1\n', '---\n...\n---\n...\n', ' ---\n--- \t\na: "---"\n...x\n... \n',
  ];
  for (const c of cases) same(c, JSON.stringify(c));
});
