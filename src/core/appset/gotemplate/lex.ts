// The tokens of Go's text/template (text/template/parse/lex.go), for the `{{ }}` delimiters only.
// Trim markers (`{{- ` and ` -}}`) are applied here, to the neighbouring text, as Go's lexer does.

export type TokenKind =
  | 'text'
  | 'open'
  | 'close'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'keyword'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: with quotes; for text: after trimming). */
  val: string;
  /** Offset in the template text. */
  pos: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

export class TemplateSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`template: :${line}: ${message}`);
    this.name = 'TemplateSyntaxError';
  }
}

const SPACE = /[ \t\r\n]/;
const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

export function lineAt(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let trimNext = false;
  const fail = (pos: number, msg: string): never => {
    throw new TemplateSyntaxError(lineAt(text, pos), msg);
  };
  while (i <= text.length) {
    const open = text.indexOf('{{', i);
    let chunk = open < 0 ? text.slice(i) : text.slice(i, open);
    const trimLeft = open >= 0 && text[open + 2] === '-' && isSpace(text[open + 3]);
    if (trimNext) chunk = chunk.replace(/^[ \t\r\n]+/, '');
    if (trimLeft) chunk = chunk.replace(/[ \t\r\n]+$/, '');
    if (chunk) out.push({ kind: 'text', val: chunk, pos: i });
    trimNext = false;
    if (open < 0) break;
    let p = open + 2 + (trimLeft ? 2 : 0);
    // A comment must sit right against its delimiters.
    if (text.startsWith('/*', p)) {
      const end = text.indexOf('*/', p + 2);
      if (end < 0) fail(open, 'unclosed comment');
      p = end + 2;
      let trimRight = false;
      if (text[p] === ' ' || text[p] === '\t' || text[p] === '\r' || text[p] === '\n') {
        if (text[p + 1] === '-' && text.startsWith('}}', p + 2)) {
          trimRight = true;
          p += 2;
        }
      }
      if (!text.startsWith('}}', p)) fail(open, 'comment ends before closing delimiter');
      i = p + 2;
      trimNext = trimRight;
      continue;
    }
    out.push({ kind: 'open', val: '{{', pos: open });
    let parenDepth = 0;
    for (;;) {
      if (p >= text.length) fail(open, 'unclosed action');
      const c = text[p];
      // ` -}}` ends the action and trims what follows.
      if (isSpace(c) && text[p + 1] === '-' && text.startsWith('}}', p + 2)) {
        if (parenDepth > 0) fail(p, 'unclosed left paren');
        out.push({ kind: 'close', val: '}}', pos: p + 2 });
        i = p + 4;
        trimNext = true;
        break;
      }
      if (text.startsWith('}}', p)) {
        if (parenDepth > 0) fail(p, 'unclosed left paren');
        out.push({ kind: 'close', val: '}}', pos: p });
        i = p + 2;
        break;
      }
      const start = p;
      if (isSpace(c)) {
        while (isSpace(text[p]) && !(text[p + 1] === '-' && text.startsWith('}}', p + 2))) p++;
        out.push({ kind: 'space', val: text.slice(start, p), pos: start });
        continue;
      }
      if (c === '|') {
        out.push({ kind: 'pipe', val: c, pos: p++ });
      } else if (c === '(') {
        parenDepth++;
        out.push({ kind: 'lparen', val: c, pos: p++ });
      } else if (c === ')') {
        parenDepth--;
        if (parenDepth < 0) fail(p, `unexpected right paren`);
        out.push({ kind: 'rparen', val: c, pos: p++ });
      } else if (c === ',') {
        out.push({ kind: 'comma', val: c, pos: p++ });
      } else if (c === ':') {
        if (text[p + 1] !== '=') fail(p, 'expected :=');
        out.push({ kind: 'declare', val: ':=', pos: p });
        p += 2;
      } else if (c === '=') {
        out.push({ kind: 'assign', val: '=', pos: p++ });
      } else if (c === '"') {
        p++;
        while (text[p] !== '"') {
          if (p >= text.length || text[p] === '\n') fail(start, 'unterminated quoted string');
          p += text[p] === '\\' ? 2 : 1;
        }
        p++;
        out.push({ kind: 'string', val: text.slice(start, p), pos: start });
      } else if (c === '`') {
        const end = text.indexOf('`', p + 1);
        if (end < 0) fail(start, 'unterminated raw quoted string');
        p = end + 1;
        out.push({ kind: 'rawString', val: text.slice(start, p), pos: start });
      } else if (c === "'") {
        p++;
        while (text[p] !== "'") {
          if (p >= text.length || text[p] === '\n') fail(start, 'unterminated character constant');
          p += text[p] === '\\' ? 2 : 1;
        }
        p++;
        out.push({ kind: 'char', val: text.slice(start, p), pos: start });
      } else if (c === '$') {
        p++;
        while (isAlnum(text[p])) p++;
        out.push({ kind: 'variable', val: text.slice(start, p), pos: start });
      } else if (c === '.') {
        // A number like .5, a field, or the dot itself.
        if (/[0-9]/.test(text[p + 1] ?? '')) {
          p = lexNumber(text, p);
          out.push({ kind: 'number', val: text.slice(start, p), pos: start });
        } else {
          p++;
          while (isAlnum(text[p])) p++;
          out.push(p - start === 1 ? { kind: 'dot', val: '.', pos: start } : { kind: 'field', val: text.slice(start, p), pos: start });
        }
      } else if (/[0-9+-]/.test(c)) {
        p = lexNumber(text, p);
        if (p === start + 1 && (c === '+' || c === '-')) fail(start, `bad number syntax: "${c}"`);
        out.push({ kind: 'number', val: text.slice(start, p), pos: start });
      } else if (isAlnum(c)) {
        while (isAlnum(text[p])) p++;
        const word = text.slice(start, p);
        const kind: TokenKind = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier';
        out.push({ kind, val: word, pos: start });
      } else {
        fail(p, `unrecognized character in action: ${JSON.stringify(c)}`);
      }
    }
  }
  out.push({ kind: 'eof', val: '', pos: text.length });
  return out;
}

function lexNumber(text: string, p: number): number {
  if (text[p] === '+' || text[p] === '-') p++;
  let digits = /[0-9_]/;
  if (text[p] === '0' && /[xXoObB]/.test(text[p + 1] ?? '')) {
    const base = text[p + 1].toLowerCase();
    digits = base === 'x' ? /[0-9a-fA-F_]/ : base === 'o' ? /[0-7_]/ : /[01_]/;
    p += 2;
  }
  while (digits.test(text[p] ?? '')) p++;
  if (text[p] === '.') {
    p++;
    while (digits.test(text[p] ?? '')) p++;
  }
  if (/[eEpP]/.test(text[p] ?? '')) {
    p++;
    if (text[p] === '+' || text[p] === '-') p++;
    while (/[0-9_]/.test(text[p] ?? '')) p++;
  }
  // Go rejects a number that runs into letters (`3x`); the parser reports it with the whole word.
  while (isAlnum(text[p])) p++;
  return p;
}
