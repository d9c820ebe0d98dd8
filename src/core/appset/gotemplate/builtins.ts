// text/template's predefined functions (funcs.go): and, or, not, len, index, print, printf, println,
// eq, ne, lt, le, gt, ge, urlquery. Comparison follows Go 1.18+: ints and floats do not compare.
import { fn, FunctionError, FunctionMap } from './functions';
import { sprintf } from './printf';
import { formatValue, goTypeName, GoValue, isGoMap, isTrue, NO_VALUE } from './values';

export const LAZY_BUILTINS: Record<string, (args: Array<() => GoValue>) => GoValue> = {
  and(args) {
    let v: GoValue = NO_VALUE;
    for (const a of args) {
      v = a();
      if (!isTrue(v)) return v;
    }
    return v;
  },
  or(args) {
    let v: GoValue = NO_VALUE;
    for (const a of args) {
      v = a();
      if (isTrue(v)) return v;
    }
    return v;
  },
};

type Kind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'other';
function basicKind(v: GoValue): Kind {
  if (v === NO_VALUE || v === null) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function eq(a: GoValue, ...rest: GoValue[]): boolean {
  const k1 = basicKind(a);
  if (k1 === 'other') throw new FunctionError('invalid type for comparison');
  if (rest.length === 0) throw new FunctionError('missing argument for comparison');
  for (const b of rest) {
    const k2 = basicKind(b);
    if (k2 === 'other') throw new FunctionError('invalid type for comparison');
    if (k1 === 'nil' || k2 === 'nil') {
      if (k1 === k2) return true;
      continue;
    }
    if (k1 !== k2) throw new FunctionError('incompatible types for comparison');
    if (a === b) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'nil' || k2 === 'nil' || k1 === 'other' || k2 === 'other' || k1 === 'bool' || k2 === 'bool') throw new FunctionError('invalid type for comparison');
  if (k1 !== k2) throw new FunctionError('incompatible types for comparison');
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function length(v: GoValue): bigint {
  if (v === NO_VALUE || v === null) throw new FunctionError('len of untyped nil');
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v, 'utf8'));
  if (Array.isArray(v)) return BigInt(v.length);
  if (isGoMap(v)) return BigInt(Object.keys(v).length);
  throw new FunctionError(`len of type ${goTypeName(v)}`);
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  let v = item;
  for (const ix of indexes) {
    if (v === NO_VALUE || v === null) throw new FunctionError('index of untyped nil');
    if (Array.isArray(v) || typeof v === 'string') {
      if (typeof ix !== 'bigint') throw new FunctionError(ix === null || ix === NO_VALUE ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${goTypeName(ix)}`);
      const len = typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length;
      if (ix < 0n || ix >= BigInt(len)) throw new FunctionError(`index out of range: ${ix}`);
      v = typeof v === 'string' ? BigInt(Buffer.from(v, 'utf8')[Number(ix)]) : v[Number(ix)];
    } else if (isGoMap(v)) {
      if (typeof ix !== 'string') throw new FunctionError(ix === null || ix === NO_VALUE ? 'value is nil; should be of type string' : `value has type ${goTypeName(ix)}; should be string`);
      v = Object.prototype.hasOwnProperty.call(v, ix) ? v[ix] : null;
    } else throw new FunctionError(`can't index item of type ${goTypeName(v)}`);
  }
  return v;
}

/** fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

export const BUILTINS: FunctionMap = {
  not: fn(['any'], (v: GoValue) => !isTrue(v)),
  len: fn(['any'], length),
  index: fn(['any'], index, 'any'),
  print: fn([], (...a: GoValue[]) => sprint(a), 'any'),
  println: fn([], (...a: GoValue[]) => a.map(formatValue).join(' ') + '\n', 'any'),
  printf: fn(['string'], (f: string, ...a: GoValue[]) => sprintf(f, a), 'any'),
  eq: fn(['any'], eq, 'any'),
  ne: fn(['any', 'any'], (a: GoValue, b: GoValue) => !eq(a, b)),
  lt: fn(['any', 'any'], lt),
  le: fn(['any', 'any'], (a: GoValue, b: GoValue) => lt(a, b) || eq(a, b)),
  gt: fn(['any', 'any'], (a: GoValue, b: GoValue) => !lt(a, b) && !eq(a, b)),
  ge: fn(['any', 'any'], (a: GoValue, b: GoValue) => !lt(a, b)),
  urlquery: fn([], (...a: GoValue[]) => encodeURIComponent(sprint(a)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`), 'any'),
};
