// Offsets → SourceRange for one file's text, with the line table built on first use (most files have no
// problem and never need it).
import { SourceRange } from '../types';
import { LineIndex } from '../index/parse';

export type RangeOf = (start: number, end: number) => SourceRange;

export function rangeFactory(file: string, text: string): RangeOf {
  let lines: LineIndex | undefined;
  return (start, end) => {
    lines ??= new LineIndex(text);
    return { file, start, end, startPos: lines.positionAt(start), endPos: lines.positionAt(end) };
  };
}
