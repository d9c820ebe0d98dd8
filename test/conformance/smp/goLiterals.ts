// Tiny readers for Go test sources: raw/interpreted string literals and composite-literal elements.
// Enough for test tables written as `[]T{ {field: `...`}, ... }`; not a Go parser.

/** Index just past the string literal starting at `i` (backtick, double quote or rune). */
export function skipGoString(src: string, i: number): number {
  const q = src[i];
  if (q === '`') return src.indexOf('`', i + 1) + 1;
  let j = i + 1;
  while (j < src.length && src[j] !== q) j += src[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index of the brace matching the `{` at `open`, skipping strings and comments. */
export function matchBrace(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '`' || c === '"' || c === "'") {
      i = skipGoString(src, i) - 1;
    } else if (c === '/' && src[i + 1] === '/') {
      i = src.indexOf('\n', i);
      if (i < 0) return -1;
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The top-level `{...}` elements inside the composite literal whose `{` is at `open`. */
export function compositeElements(src: string, open: number): string[] {
  const close = matchBrace(src, open);
  const out: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const c = src[i];
    if (c === '`' || c === '"' || c === "'") i = skipGoString(src, i) - 1;
    else if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i);
    else if (c === '{') {
      const end = matchBrace(src, i);
      out.push(src.slice(i, end + 1));
      i = end;
    }
  }
  return out;
}

/** Value of a Go string literal. */
export function goStringValue(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  return JSON.parse(lit.replace(/\\'/g, "'").replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string;
}

const STRING_LIT = '(`[^`]*`|"(?:[^"\\\\\\n]|\\\\.)*")';

/** `name: "..."` / `name: \`...\`` / `name: []byte(\`...\`)` fields of one element, including `+`-joined literals. */
export function stringFields(element: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = new RegExp(`(\\w+):\\s*(?:\\[\\]byte\\()?${STRING_LIT}((?:\\s*\\+\\s*${STRING_LIT})*)`, 'g');
  for (const m of element.matchAll(re)) {
    let value = goStringValue(m[2]);
    if (m[3]) for (const part of m[3].matchAll(new RegExp(STRING_LIT, 'g'))) value += goStringValue(part[1]);
    if (!(m[1] in out)) out[m[1]] = value;
  }
  return out;
}

/** `var name = []byte(\`...\`)` bodies. */
export function byteVar(src: string, name: string): string | undefined {
  const m = new RegExp(`var ${name} = \\[\\]byte\\(\`([^\`]*)\`\\)`).exec(src);
  return m?.[1];
}

/** Elements of `var name = []T{ ... }`. */
export function sliceVar(src: string, name: string): string[] {
  const m = new RegExp(`var ${name} = \\[\\][\\w.]+\\{`).exec(src);
  if (!m) return [];
  return compositeElements(src, m.index + m[0].length - 1);
}
