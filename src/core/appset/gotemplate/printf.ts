// fmt.Sprintf for the verbs templates use: %s %v %d %q %t %f %e %g %x %X %o %b %c %%, with flags
// (- + # 0 space), width and precision. Mismatches print Go's %!verb(type=value) forms.
import { formatFloatG, formatValue, goTypeName, GoValue, NO_VALUE } from './values';

export function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    const flags = { minus: false, plus: false, sharp: false, zero: false, space: false };
    for (; j < format.length; j++) {
      const f = format[j];
      if (f === '-') flags.minus = true;
      else if (f === '+') flags.plus = true;
      else if (f === '#') flags.sharp = true;
      else if (f === '0') flags.zero = true;
      else if (f === ' ') flags.space = true;
      else break;
    }
    let width: number | undefined;
    let prec: number | undefined;
    const num = /^\d+/.exec(format.slice(j));
    if (num) {
      width = Number(num[0]);
      j += num[0].length;
    }
    if (format[j] === '.') {
      j++;
      const p = /^\d*/.exec(format.slice(j))![0];
      prec = p ? Number(p) : 0;
      j += p.length;
    }
    const verb = format[j];
    i = j;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    out += pad(formatOne(verb, arg, flags, prec), width, flags.minus, flags.zero && !flags.minus && /[dfegxXob]/.test(verb));
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(', ')})`;
  return out;
}

function pad(s: string, width: number | undefined, left: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function bad(verb: string, arg: GoValue): string {
  return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

function formatOne(verb: string, arg: GoValue, flags: { plus: boolean; sharp: boolean; space: boolean }, prec: number | undefined): string {
  if (arg === NO_VALUE) return `%!${verb}(<nil>)`;
  const sign = (s: string) => (flags.plus && !s.startsWith('-') ? `+${s}` : flags.space && !s.startsWith('-') ? ` ${s}` : s);
  switch (verb) {
    case 'v':
      if (typeof arg === 'number' && prec === undefined) return sign(formatFloatG(arg));
      if (typeof arg === 'string' && prec !== undefined) return [...arg].slice(0, prec).join('');
      return typeof arg === 'bigint' ? sign(String(arg)) : formatValue(arg);
    case 's':
      if (typeof arg === 'string') return prec === undefined ? arg : [...arg].slice(0, prec).join('');
      if (Array.isArray(arg) || (typeof arg === 'object' && arg !== null)) return formatValue(arg);
      return bad(verb, arg);
    case 'q':
      if (typeof arg === 'string') return flags.sharp && !arg.includes('`') ? `\`${arg}\`` : goQuote(arg);
      if (typeof arg === 'bigint') return `'${String.fromCodePoint(Number(arg))}'`;
      return bad(verb, arg);
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad(verb, arg);
    case 'd':
      return typeof arg === 'bigint' ? sign(String(arg)) : bad(verb, arg);
    case 'c':
      return typeof arg === 'bigint' ? String.fromCodePoint(Number(arg)) : bad(verb, arg);
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      const base = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
      let s: string;
      if (typeof arg === 'bigint') s = arg.toString(base);
      else if (typeof arg === 'string' && base === 16) s = Buffer.from(arg, 'utf8').toString('hex');
      else return bad(verb, arg);
      if (flags.sharp && base !== 2) s = s.replace(/^(-?)/, base === 16 ? '$10x' : '$10');
      return sign(verb === 'X' ? s.toUpperCase() : s);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (typeof arg !== 'number') return bad(verb, arg);
      let s: string;
      if (verb === 'f' || verb === 'F') s = arg.toFixed(prec ?? 6);
      else if (verb === 'e' || verb === 'E') s = arg.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      else s = prec === undefined ? formatFloatG(arg) : Number(arg.toPrecision(prec || 1)).toString();
      return sign(verb === verb.toUpperCase() ? s.toUpperCase() : s);
    }
    default:
      return `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
  }
}

/** strconv.Quote: a Go double-quoted string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}
