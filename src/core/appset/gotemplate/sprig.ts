// The Sprig functions (Masterminds/sprig v3) that ApplicationSet templates use, plus Argo CD's own:
// normalize, slugify, toYaml, fromYaml, fromYamlArray. Argo CD removes env, expandenv and getHostByName.
// Functions whose result depends on time or chance (now, date, rand*, uuidv4) are not offered: an offline
// expansion must be reproducible. Semantics follow Sprig's source (argument order included: `trunc 63 .x`).
import { createHash } from 'node:crypto';
import { fn, FunctionError, FunctionMap } from './functions';
import { goJson, goYaml, parseGoYaml } from './encode';
import { goQuote } from './printf';
import { formatValue, GoMap, GoValue, isGoMap, isTrue, NO_VALUE } from './values';

/** Sprig's strval: strings as they are, nil as "", anything else as fmt's %v. */
function strval(v: GoValue): string {
  return typeof v === 'string' ? v : v === null || v === NO_VALUE ? '' : formatValue(v);
}

/** Sprig's empty(): Go's zero values. */
function empty(v: GoValue): boolean {
  return !isTrue(v);
}

/** spf13/cast.ToInt64, as Sprig's arithmetic uses it: unparsable strings become 0. */
function toInt(v: GoValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const s = v.trim();
    try {
      return /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/.test(s) ? parseIntGo(s) : 0n;
    } catch {
      return 0n;
    }
  }
  return 0n;
}

function parseIntGo(s: string): bigint {
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const v = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body.replace(/^0[oO]/, '0o'));
  return neg ? -v : v;
}

function toFloat(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    return v.trim() !== '' && Number.isFinite(n) ? n : 0;
  }
  return 0;
}

function list(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === NO_VALUE) return [];
  throw new FunctionError(`Cannot find first on type ${typeof v === 'string' ? 'string' : 'interface {}'}`);
}

function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  if (v === null || v === NO_VALUE) return [];
  return [strval(v)];
}

/** Argo CD's SanitizeName: a DNS-1123 subdomain-ish name. */
export function sanitizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-a-z0-9.]/g, '-')
    .slice(0, 253)
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** Argo CD's SlugifyName(maxSize=50, smartTruncate=true, name): gosimple/slug over the sanitized name. */
function slugify(...args: GoValue[]): string {
  let max = 50;
  let smart = true;
  let name = '';
  args.forEach((a, i) => {
    if (i === args.length - 1) name = typeof a === 'string' ? a : strval(a);
    else if (i === 0) max = Number(toInt(a));
    else if (i === 1) smart = a === true;
  });
  let s = sanitizeName(name)
    .replace(/[^a-z0-9-_]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (max > 0 && s.length > max) {
    const cut = smart ? s.lastIndexOf('-', max) : -1;
    s = cut > 0 ? s.slice(0, cut) : s.slice(0, max);
  }
  return s;
}

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function regex(pattern: string): RegExp {
  try {
    // Go's RE2 and JavaScript agree on the common subset; (?P<name>) is RE2's named group.
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'g');
  } catch (err) {
    throw new FunctionError(`error parsing regexp: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function arith(op: (a: bigint, b: bigint) => bigint) {
  return (a: GoValue, ...rest: GoValue[]) => rest.reduce<bigint>((acc, x) => op(acc, toInt(x)), toInt(a));
}

function dict(...kv: GoValue[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < kv.length; i += 2) out[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : '';
  return out;
}

export const SPRIG: FunctionMap = {
  // strings
  lower: fn(['string'], (s: string) => s.toLowerCase()),
  upper: fn(['string'], (s: string) => s.toUpperCase()),
  title: fn(['string'], (s: string) => s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase())),
  trim: fn(['string'], (s: string) => s.trim()),
  trimAll: fn(['string', 'string'], (cut: string, s: string) => trimSet(s, cut, true, true)),
  trimPrefix: fn(['string', 'string'], (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimSuffix: fn(['string', 'string'], (p: string, s: string) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  trunc: fn(['int', 'string'], (c: bigint, s: string) => {
    const n = Number(c);
    if (n < 0 && s.length + n > 0) return s.slice(s.length + n);
    if (n >= 0 && s.length > n) return s.slice(0, n);
    return s;
  }),
  replace: fn(['string', 'string', 'string'], (o: string, n: string, s: string) => s.split(o).join(n)),
  contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
  hasPrefix: fn(['string', 'string'], (p: string, s: string) => s.startsWith(p)),
  hasSuffix: fn(['string', 'string'], (p: string, s: string) => s.endsWith(p)),
  quote: fn([], (...a: GoValue[]) => a.filter((x) => x !== null).map((x) => goQuote(strval(x))).join(' '), 'any'),
  squote: fn([], (...a: GoValue[]) => a.filter((x) => x !== null).map((x) => `'${strval(x)}'`).join(' '), 'any'),
  cat: fn([], (...a: GoValue[]) => a.filter((x) => x !== null).map(formatValue).join(' '), 'any'),
  repeat: fn(['int', 'string'], (n: bigint, s: string) => s.repeat(Math.max(0, Number(n)))),
  substr: fn(['int', 'int', 'string'], (start: bigint, end: bigint, s: string) => {
    const a = Number(start);
    const b = Number(end);
    if (a < 0) return s.slice(0, b);
    if (b < 0 || b > s.length) return s.slice(a);
    return s.slice(a, b);
  }),
  nospace: fn(['string'], (s: string) => s.replace(/\s+/g, '')),
  indent: fn(['int', 'string'], (n: bigint, s: string) => indent(Number(n), s)),
  nindent: fn(['int', 'string'], (n: bigint, s: string) => '\n' + indent(Number(n), s)),
  split: fn(['string', 'string'], (sep: string, s: string) => Object.fromEntries(s.split(sep).map((p, i) => [`_${i}`, p]))),
  splitList: fn(['string', 'string'], (sep: string, s: string) => s.split(sep)),
  join: fn(['string', 'any'], (sep: string, v: GoValue) => strslice(v).join(sep)),
  toString: fn(['any'], strval),
  toStrings: fn(['any'], (v: GoValue) => strslice(v)),
  snakecase: fn(['string'], (s: string) => words(s).map((w) => w.toLowerCase()).join('_')),
  kebabcase: fn(['string'], (s: string) => words(s).map((w) => w.toLowerCase()).join('-')),
  camelcase: fn(['string'], (s: string) => words(s).map((w) => w[0].toUpperCase() + w.slice(1)).join('')),
  b64enc: fn(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64')),
  b64dec: fn(['string'], (s: string) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return 'illegal base64 data at input byte 0';
    return Buffer.from(s, 'base64').toString('utf8');
  }),
  sha256sum: fn(['string'], (s: string) => createHash('sha256').update(s).digest('hex')),
  sha1sum: fn(['string'], (s: string) => createHash('sha1').update(s).digest('hex')),
  regexMatch: fn(['string', 'string'], (re: string, s: string) => regex(re).test(s)),
  regexFind: fn(['string', 'string'], (re: string, s: string) => regex(re).exec(s)?.[0] ?? ''),
  regexFindAll: fn(['string', 'string', 'int'], (re: string, s: string, n: bigint) => {
    const all = s.match(regex(re)) ?? [];
    return n < 0n ? all : all.slice(0, Number(n));
  }),
  regexReplaceAll: fn(['string', 'string', 'string'], (re: string, s: string, repl: string) => s.replace(regex(re), repl.replace(/\$\{(\w+)\}/g, '$$<$1>').replace(/\$<(\d+)>/g, '$$$1'))),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], (re: string, s: string, repl: string) => s.replace(regex(re), () => repl)),
  // defaults and flow
  default: fn(['any'], (d: GoValue, ...given: GoValue[]) => (given.length === 0 || empty(given[0]) ? d : given[0]), 'any'),
  empty: fn(['any'], empty),
  coalesce: fn([], (...a: GoValue[]) => a.find((x) => !empty(x)) ?? null, 'any'),
  ternary: fn(['any', 'any', 'bool'], (t: GoValue, f: GoValue, c: boolean) => (c ? t : f)),
  fail: fn(['string'], (msg: string) => {
    throw new FunctionError(msg);
  }),
  // encodings
  toJson: fn(['any'], (v: GoValue) => safe(() => goJson(v))),
  toRawJson: fn(['any'], (v: GoValue) => safe(() => goJson(v, '', false))),
  toPrettyJson: fn(['any'], (v: GoValue) => safe(() => goJson(v, '  '))),
  fromJson: fn(['string'], (s: string) => {
    try {
      return parseGoYaml(s.trim() === '' ? 'null' : s);
    } catch {
      return '';
    }
  }),
  toYaml: fn(['any'], (v: GoValue) => goYaml(v).replace(/\n$/, '')),
  fromYaml: fn(['string'], (s: string) => {
    const v = yamlOrError(s);
    if (v === null) return {};
    if (!isGoMap(v)) throw new FunctionError(`error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`);
    return v;
  }),
  fromYamlArray: fn(['string'], (s: string) => {
    const v = yamlOrError(s);
    if (v === null) return [];
    if (!Array.isArray(v)) throw new FunctionError(`error unmarshaling JSON: json: cannot unmarshal ${isGoMap(v) ? 'object' : typeof v} into Go value of type []interface {}`);
    return v;
  }),
  // lists and dicts
  list: fn([], (...a: GoValue[]) => a, 'any'),
  first: fn(['any'], (v: GoValue) => list(v)[0] ?? null),
  last: fn(['any'], (v: GoValue) => list(v).at(-1) ?? null),
  rest: fn(['any'], (v: GoValue) => list(v).slice(1)),
  initial: fn(['any'], (v: GoValue) => list(v).slice(0, -1)),
  has: fn(['any', 'any'], (needle: GoValue, hay: GoValue) => list(hay).some((x) => x === needle)),
  uniq: fn(['any'], (v: GoValue) => list(v).filter((x, i, all) => all.findIndex((y) => goJson(y) === goJson(x)) === i)),
  compact: fn(['any'], (v: GoValue) => list(v).filter((x) => !empty(x))),
  reverse: fn(['any'], (v: GoValue) => [...list(v)].reverse()),
  concat: fn([], (...a: GoValue[]) => a.flatMap((x) => list(x)), 'any'),
  append: fn(['any', 'any'], (l: GoValue, x: GoValue) => [...list(l), x]),
  prepend: fn(['any', 'any'], (l: GoValue, x: GoValue) => [x, ...list(l)]),
  sortAlpha: fn(['any'], (v: GoValue) => strslice(v).sort()),
  dict: fn([], dict, 'any'),
  get: fn(['map', 'string'], (d: GoValue, k: string) => (isGoMap(d) && k in d ? d[k] : '')),
  hasKey: fn(['map', 'string'], (d: GoValue, k: string) => isGoMap(d) && Object.prototype.hasOwnProperty.call(d, k)),
  // Go returns map keys in random order; sorted is one of those orders and keeps expansion reproducible.
  keys: fn([], (...ds: GoValue[]) => ds.flatMap((d) => (isGoMap(d) ? Object.keys(d).sort() : [])), 'map'),
  pluck: fn(['string'], (k: string, ...ds: GoValue[]) => ds.filter((d) => isGoMap(d) && k in d).map((d) => (d as GoMap)[k]), 'map'),
  merge: fn(['map'], (dst: GoValue, ...srcs: GoValue[]) => mergeMaps(dst, srcs), 'map'),
  // numbers
  int: fn(['any'], toInt),
  int64: fn(['any'], toInt),
  float64: fn(['any'], toFloat),
  atoi: fn(['string'], (s: string) => (/^[+-]?\d+$/.test(s.trim()) ? BigInt(s.trim()) : 0n)),
  add: fn([], (...a: GoValue[]) => a.reduce<bigint>((acc, x) => acc + toInt(x), 0n), 'any'),
  add1: fn(['any'], (a: GoValue) => toInt(a) + 1n),
  sub: fn(['any', 'any'], arith((a, b) => a - b)),
  mul: fn(['any'], arith((a, b) => a * b), 'any'),
  div: fn(['any', 'any'], (a: GoValue, b: GoValue) => {
    const d = toInt(b);
    if (d === 0n) throw new FunctionError('runtime error: integer divide by zero');
    return toInt(a) / d;
  }),
  mod: fn(['any', 'any'], (a: GoValue, b: GoValue) => {
    const d = toInt(b);
    if (d === 0n) throw new FunctionError('runtime error: integer divide by zero');
    return toInt(a) % d;
  }),
  max: fn(['any'], (a: GoValue, ...r: GoValue[]) => r.reduce<bigint>((m, x) => (toInt(x) > m ? toInt(x) : m), toInt(a)), 'any'),
  min: fn(['any'], (a: GoValue, ...r: GoValue[]) => r.reduce<bigint>((m, x) => (toInt(x) < m ? toInt(x) : m), toInt(a)), 'any'),
  // Argo CD's additions
  normalize: fn(['string'], sanitizeName),
  slugify: fn([], slugify, 'any'),
};

/** Sprig names Reconcile knows but does not offer, for a clearer message than "not defined". */
export const UNSUPPORTED_SPRIG = new Set([
  'now', 'date', 'dateInZone', 'dateModify', 'ago', 'toDate', 'unixEpoch', 'htmlDate', 'duration', 'durationRound',
  'randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'randInt', 'randBytes', 'uuidv4', 'shuffle',
  'genPrivateKey', 'genCA', 'genSelfSignedCert', 'genSignedCert', 'derivePassword', 'encryptAES', 'decryptAES', 'bcrypt', 'htpasswd',
  'semver', 'semverCompare', 'tpl', 'env', 'expandenv', 'getHostByName',
]);

function trimSet(s: string, cut: string, left: boolean, right: boolean): string {
  const set = new Set([...cut]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (left && a < b && set.has(chars[a])) a++;
  while (right && b > a && set.has(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

function indent(n: number, s: string): string {
  const pad = ' '.repeat(Math.max(0, n));
  return pad + s.split('\n').join('\n' + pad);
}

function safe(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}

function yamlOrError(s: string): GoValue {
  try {
    return parseGoYaml(s);
  } catch (err) {
    throw new FunctionError(`error converting YAML to JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

function mergeMaps(dst: GoValue, srcs: GoValue[]): GoValue {
  if (!isGoMap(dst)) return dst;
  for (const src of srcs) {
    if (!isGoMap(src)) continue;
    for (const [k, v] of Object.entries(src)) {
      if (!(k in dst) || empty(dst[k])) dst[k] = v;
      else if (isGoMap(dst[k]) && isGoMap(v)) mergeMaps(dst[k], [v]);
    }
  }
  return dst;
}
