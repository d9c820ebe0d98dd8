// Validates a value against a CRD schema by walking the schema, producing exactly the errors (same objects, same
// order) that ajv's compiled code would with the registry's options (allErrors, verbose, strict off, draft-07).
// Why: ajv compiles the whole schema before the first check, and for big CRDs that is the cold run's main cost
// (Argo CD's ApplicationSet: 386 KB of schema become 13 MB of generated code, ~5 s of CPU), while a walk only
// visits the parts a document uses. Kinds validated often are handed to ajv after a while (schemaRegistry.ts).
// Only the keywords CRD schemas use are walked; `interpretable` says no for anything else, and ajv does it all.
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { JsonSchema } from './bundleFormat';

/** What schemaProblems needs of a validator: ajv's ValidateFunction shape, reduced to the call and its errors. */
export interface SchemaCheck {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

type Format = { validate: (s: string) => boolean } | ((s: string) => boolean);

/** ajv's draft-07 keyword groups, in the order its generated code checks them (see ajv's compile/rules.ts). */
const UNTYPED = ['enum', 'not', 'anyOf', 'oneOf', 'allOf'];
const NUMBER = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'];
const STRING = ['maxLength', 'minLength', 'pattern', 'format'];
const ARRAY = ['maxItems', 'minItems', 'items'];
const OBJECT = ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties'];
const WALKED = new Set([...UNTYPED, ...NUMBER, ...STRING, ...ARRAY, ...OBJECT, 'type', 'nullable']);
const JSON_TYPES = new Set(['number', 'integer', 'string', 'boolean', 'array', 'object', 'null']);
const LIMIT = { maximum: ['<=', '>'], minimum: ['>=', '<'], exclusiveMaximum: ['<', '>='], exclusiveMinimum: ['>', '<='] } as const;

/** Per schema node, what ajv decides at compile time; computed on first visit. */
interface Plan {
  types: string[];
  /** Types checked up front (ajv's coerceAndCheckDataType); otherwise in the one typed group. */
  typesUpFront: boolean;
  untyped: boolean;
  number: boolean;
  string: boolean;
  array: boolean;
  object: boolean;
  /** `properties` minus always-valid ones. */
  checkedProps: string[];
  allProps: string[];
  pattern?: RegExp;
}

/**
 * The ajv options the walk reproduces where they differ from the registry's (allErrors, verbose, validateFormats,
 * unicodeRegExp off), and a schema's own `$defs` (`#/$defs/X` refs): a Helm chart's values.schema.json.
 */
export interface InterpreterMode {
  /** ajv's `verbose`: errors carry schema, parentSchema and data (default true). */
  verbose?: boolean;
  /** ajv's `validateFormats` (default true); when false, `format` is not checked (nor needs to be known). */
  formats?: boolean;
  /** ajv's `unicodeRegExp`: patterns compiled with the `u` flag (default false). */
  unicodeRegExp?: boolean;
  /** Where `#/$defs/X` points. */
  defs?: Record<string, JsonSchema>;
}

export class SchemaInterpreter {
  private readonly plans = new WeakMap<object, Plan>();
  private readonly refCache = new WeakMap<object, boolean>();
  private readonly rules: Set<string>;
  private readonly formats: Record<string, Format | undefined>;
  private readonly equal: (a: unknown, b: unknown) => boolean;

  /**
   * `definitions`: where `$ref`s (`k8s#/definitions/X`, `#/definitions/X`) point, i.e. the Kubernetes definitions
   * the registry added to ajv; a `$ref` stands alone (ajv ignores its siblings but `description`).
   */
  constructor(
    private readonly ajv: Ajv,
    equal: (a: unknown, b: unknown) => boolean,
    private readonly definitions: Record<string, JsonSchema> = {},
    private readonly mode: InterpreterMode = {},
  ) {
    // The keywords ajv treats as rules (decides which subschemas are "always valid", as ajv does).
    this.rules = new Set(Object.keys((ajv as unknown as { RULES: { all: Record<string, unknown> } }).RULES.all));
    this.formats = ajv.formats as Record<string, Format | undefined>;
    this.equal = equal;
  }

  /** True when every node uses only walked keywords with values ajv would compile; else ajv must do it. */
  interpretable(schema: unknown): boolean {
    // ajv refuses a schema its meta-schema rejects (a duplicated enum value, say); it must keep doing so. A bare
    // `$ref` to a bundled Kubernetes definition (the registry's root for a Kubernetes kind) always passes, and
    // asking would compile the meta-schema (~60 ms of a cold run that may have no other schema to check).
    if (!isBundledRef(schema, this.definitions) && !this.ajv.validateSchema(schema as object)) return false;
    const seen = new Set<object>();
    // Errors from a referenced schema carry ajv's own schemaPath, which schemaProblems reads to drop anyOf/oneOf
    // branch noise: a `$ref` under a combinator is left to ajv. Nodes are checked once, in or out of one.
    const seenUnder = new Set<object>();
    const ok = (s: unknown, underCombinator = false): boolean => {
      if (typeof s === 'boolean') return false;
      if (!s || typeof s !== 'object' || Array.isArray(s)) return false;
      if ((underCombinator ? seenUnder : seen).has(s)) return true;
      (underCombinator ? seenUnder : seen).add(s);
      const n = s as JsonSchema;
      if (n.$ref !== undefined) {
        if (underCombinator || Object.keys(n).some((k) => k !== '$ref' && this.rules.has(k))) return false;
        const target = this.target(n.$ref);
        return target !== undefined && ok(target);
      }
      for (const k of Object.keys(n)) if (this.rules.has(k) && !WALKED.has(k)) return false;
      const types = n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
      if (!types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) return false;
      if (n.nullable !== undefined && (typeof n.nullable !== 'boolean' || types.length === 0 || types.includes('null'))) return false;
      for (const k of [...NUMBER, 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties']) {
        if (n[k] !== undefined && (typeof n[k] !== 'number' || !Number.isFinite(n[k]))) return false;
      }
      if (n.required !== undefined && !(Array.isArray(n.required) && n.required.every((r) => typeof r === 'string'))) return false;
      if (n.enum !== undefined && !(Array.isArray(n.enum) && n.enum.length > 0)) return false;
      if (n.pattern !== undefined) {
        if (typeof n.pattern !== 'string') return false;
        try {
          new RegExp(n.pattern, this.mode.unicodeRegExp ? 'u' : '');
        } catch {
          return false;
        }
      }
      if (n.format !== undefined && (this.mode.formats ?? true) && (typeof n.format !== 'string' || !this.formats[n.format] || formatType(this.formats[n.format]) !== 'string')) return false;
      if (n.properties !== undefined) {
        if (!n.properties || typeof n.properties !== 'object' || Array.isArray(n.properties)) return false;
        for (const p of Object.values(n.properties as Record<string, unknown>)) if (!ok(p, underCombinator)) return false;
      }
      if (n.additionalProperties !== undefined && typeof n.additionalProperties !== 'boolean' && !ok(n.additionalProperties, underCombinator)) return false;
      if (n.items !== undefined && !ok(n.items, underCombinator)) return false;
      if (n.not !== undefined && !ok(n.not, true)) return false;
      for (const k of ['anyOf', 'oneOf', 'allOf']) {
        if (n[k] === undefined) continue;
        const list = n[k];
        if (!Array.isArray(list) || list.length === 0 || !list.every((b) => ok(b, true))) return false;
      }
      return true;
    };
    return ok(schema);
  }

  /** A validator with ajv's calling convention: returns validity, leaves the errors (or null) on `.errors`. */
  check(root: JsonSchema): SchemaCheck {
    const run = ((data: unknown) => {
      const errors: ErrorObject[] = [];
      this.node(root, data, '', '#', errors);
      run.errors = errors.length ? errors : null;
      return errors.length === 0;
    }) as SchemaCheck;
    run.errors = null;
    return run;
  }

  private planOf(s: JsonSchema): Plan {
    let plan = this.plans.get(s);
    if (plan) return plan;
    // As ajv does when it compiles, `nullable` adds 'null' to a type list in place (so its type errors then say
    // "must be integer,string,null"); a single type gets a new list.
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (s.nullable === true && !types.includes('null')) types.push('null');
    const has = (list: string[]) => list.some((k) => s[k] !== undefined);
    // `format` sits in ajv's number group too (it does nothing there for string formats, but the group exists).
    const groupOf: Record<string, boolean> = { number: has([...NUMBER, 'format']), string: has(STRING), array: has(ARRAY), object: has(OBJECT) };
    const props = s.properties ? Object.keys(s.properties as object).filter((p) => p !== '__proto__') : [];
    plan = {
      types,
      typesUpFront: types.length > 0 && !(types.length === 1 && groupOf[types[0]] === true),
      untyped: has(UNTYPED),
      number: groupOf.number,
      string: groupOf.string,
      array: groupOf.array,
      object: groupOf.object,
      allProps: props,
      checkedProps: props.filter((p) => !this.alwaysValid((s.properties as Record<string, unknown>)[p])),
      pattern: typeof s.pattern === 'string' ? new RegExp(s.pattern, this.mode.unicodeRegExp ? 'u' : '') : undefined,
    };
    this.plans.set(s, plan);
    return plan;
  }

  private alwaysValid(s: unknown): boolean {
    if (typeof s === 'boolean') return s;
    const keys = Object.keys(s as object);
    return keys.length === 0 || !keys.some((k) => this.rules.has(k));
  }

  private target(ref: unknown): JsonSchema | undefined {
    if (typeof ref !== 'string') return undefined;
    const local = this.mode.defs ? /^#\/\$defs\/([^/~%]+)$/.exec(ref) : null;
    if (local) return Object.prototype.hasOwnProperty.call(this.mode.defs, local[1]) ? this.mode.defs![local[1]] : undefined;
    const m = /^(?:k8s)?#\/definitions\/([^/]+)$/.exec(ref);
    return m && Object.prototype.hasOwnProperty.call(this.definitions, m[1]) ? this.definitions[m[1]] : undefined;
  }

  private node(s: JsonSchema, data: unknown, at: string, sp: string, errors: ErrorObject[]): void {
    // ajv reports a referenced schema's errors with paths from that schema (nothing reads them but for combinators).
    if (s.$ref !== undefined) {
      const target = this.target(s.$ref)!;
      // For `#/$defs/X`, exactly ajv's paths: a target without refs of its own is inlined (paths from the ref), one
      // with refs is a function of its own (paths from its root, '#').
      const local = this.mode.defs !== undefined && (s.$ref as string).startsWith('#/$defs/');
      return this.node(target, data, at, local && hasRef(target, this.refCache) ? '#' : `${s.$ref as string}`, errors);
    }
    const plan = this.planOf(s);
    const err = (keyword: string, params: Record<string, unknown>, message: string, schema: unknown) =>
      errors.push(
        (this.mode.verbose ?? true)
          ? ({ instancePath: at, schemaPath: `${sp}/${keyword}`, keyword, params, message, schema, parentSchema: s, data } as ErrorObject)
          : { instancePath: at, schemaPath: `${sp}/${keyword}`, keyword, params, message },
      );
    const typeError = () => err('type', { type: s.type }, `must be ${String(s.type)}`, s.type);
    if (plan.typesUpFront && !plan.types.some((t) => isType(t, data))) typeError();
    const single = !plan.typesUpFront && plan.types.length === 1 ? plan.types[0] : undefined;
    if (plan.untyped) this.untyped(s, data, at, sp, errors, err);
    if (plan.number) {
      if (typeof data === 'number') {
        for (const k of NUMBER) {
          const limit = s[k] as number | undefined;
          if (limit === undefined) continue;
          const [ok, fail] = LIMIT[k as keyof typeof LIMIT];
          if (compare(data, fail, limit) || Number.isNaN(data)) err(k, { comparison: ok, limit }, `must be ${ok} ${limit}`, limit);
        }
      } else if (single === 'number') typeError();
    }
    if (plan.string) {
      if (typeof data === 'string') {
        if (s.maxLength !== undefined && ucs2length(data) > (s.maxLength as number)) err('maxLength', { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`, s.maxLength);
        if (s.minLength !== undefined && ucs2length(data) < (s.minLength as number)) err('minLength', { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`, s.minLength);
        if (plan.pattern && !plan.pattern.test(data)) err('pattern', { pattern: s.pattern }, `must match pattern "${s.pattern}"`, s.pattern);
        if (s.format !== undefined && (this.mode.formats ?? true)) {
          const f = this.formats[s.format as string]!;
          if (!(typeof f === 'function' ? f(data) : f.validate(data))) err('format', { format: s.format }, `must match format "${s.format}"`, s.format);
        }
      } else if (single === 'string') typeError();
    }
    if (plan.array) {
      if (Array.isArray(data)) {
        if (s.maxItems !== undefined && data.length > (s.maxItems as number)) err('maxItems', { limit: s.maxItems }, `must NOT have more than ${s.maxItems} items`, s.maxItems);
        if (s.minItems !== undefined && data.length < (s.minItems as number)) err('minItems', { limit: s.minItems }, `must NOT have fewer than ${s.minItems} items`, s.minItems);
        if (s.items !== undefined && !this.alwaysValid(s.items)) {
          for (let i = 0; i < data.length; i++) this.node(s.items as JsonSchema, data[i], `${at}/${i}`, `${sp}/items`, errors);
        }
      } else if (single === 'array') typeError();
    }
    if (plan.object) {
      if (data && typeof data === 'object' && !Array.isArray(data)) this.object(s, plan, data as Record<string, unknown>, at, sp, errors, err);
      else if (single === 'object') typeError();
    }
  }

  private untyped(s: JsonSchema, data: unknown, at: string, sp: string, errors: ErrorObject[], err: (k: string, p: Record<string, unknown>, m: string, v: unknown) => void): void {
    if (s.enum !== undefined) {
      const values = s.enum as unknown[];
      if (!values.some((v) => (typeof v === 'object' && v !== null ? this.equal(data, v) : data === v))) err('enum', { allowedValues: values }, 'must be equal to one of the allowed values', values);
    }
    if (s.not !== undefined && !this.alwaysValid(s.not)) {
      // ajv checks `not` with allErrors off and drops what it found; only validity matters.
      const inner: ErrorObject[] = [];
      this.node(s.not as JsonSchema, data, at, `${sp}/not`, inner);
      if (inner.length === 0) err('not', {}, 'must NOT be valid', s.not);
    } else if (s.not !== undefined) {
      err('not', {}, 'must NOT be valid', s.not);
    }
    if (s.anyOf !== undefined) {
      const branches = s.anyOf as JsonSchema[];
      if (!branches.some((b) => this.alwaysValid(b))) {
        const before = errors.length;
        let valid = false;
        // Stops at the first branch that passes, as ajv does.
        for (let i = 0; i < branches.length && !valid; i++) {
          const mark = errors.length;
          this.node(branches[i], data, at, `${sp}/anyOf/${i}`, errors);
          valid = errors.length === mark;
        }
        if (valid) errors.length = before;
        else err('anyOf', {}, 'must match a schema in anyOf', branches);
      }
    }
    if (s.oneOf !== undefined) {
      const branches = s.oneOf as JsonSchema[];
      const before = errors.length;
      let valid = false;
      let passing: number | number[] | null = null;
      // Branches run until a second one passes (ajv's generated code nests the rest in an else).
      for (let i = 0; i < branches.length; i++) {
        let ok: boolean;
        if (this.alwaysValid(branches[i])) ok = true;
        else {
          const mark = errors.length;
          this.node(branches[i], data, at, `${sp}/oneOf/${i}`, errors);
          ok = errors.length === mark;
        }
        if (i > 0 && ok && valid) {
          valid = false;
          passing = [passing as number, i];
          break;
        } else if (ok) {
          valid = true;
          passing = i;
        }
      }
      if (valid) errors.length = before;
      else err('oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf', branches);
    }
    if (s.allOf !== undefined) {
      (s.allOf as JsonSchema[]).forEach((b, i) => {
        if (!this.alwaysValid(b)) this.node(b, data, at, `${sp}/allOf/${i}`, errors);
      });
    }
  }

  private object(
    s: JsonSchema,
    plan: Plan,
    data: Record<string, unknown>,
    at: string,
    sp: string,
    errors: ErrorObject[],
    err: (k: string, p: Record<string, unknown>, m: string, v: unknown) => void,
  ): void {
    if (s.maxProperties !== undefined && Object.keys(data).length > (s.maxProperties as number)) err('maxProperties', { limit: s.maxProperties }, `must NOT have more than ${s.maxProperties} properties`, s.maxProperties);
    if (s.minProperties !== undefined && Object.keys(data).length < (s.minProperties as number)) err('minProperties', { limit: s.minProperties }, `must NOT have fewer than ${s.minProperties} properties`, s.minProperties);
    if (s.required !== undefined) {
      for (const r of s.required as string[]) if (data[r] === undefined) err('required', { missingProperty: r }, `must have required property '${r}'`, s.required);
    }
    const extra = s.additionalProperties;
    if (extra !== undefined && !this.alwaysValid(extra)) {
      const known = s.properties as Record<string, unknown> | undefined;
      for (const key in data) {
        if (plan.allProps.length > 0 && Object.prototype.hasOwnProperty.call(known, key) && key !== '__proto__') continue;
        if (extra === false) err('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties', false);
        else this.node(extra as JsonSchema, data[key], `${at}/${pointer(key)}`, `${sp}/additionalProperties`, errors);
      }
    }
    const props = s.properties as Record<string, JsonSchema> | undefined;
    for (const p of plan.checkedProps) {
      if (data[p] !== undefined) this.node(props![p], data[p], `${at}/${pointer(p)}`, `${sp}/properties/${encodeURIComponent(pointer(p))}`, errors);
    }
  }
}

function formatType(f: Format | undefined): string | undefined {
  return f && typeof f === 'object' ? (f as { type?: string }).type : undefined;
}

function isType(t: string, data: unknown): boolean {
  switch (t) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return !!data && typeof data === 'object' && !Array.isArray(data);
    case 'integer':
      return typeof data === 'number' && !(data % 1) && !Number.isNaN(data);
    default:
      return typeof data === t;
  }
}

function compare(a: number, op: string, b: number): boolean {
  return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
}

function pointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unicode code points, as ajv counts string length. */
function ucs2length(str: string): number {
  let length = 0;
  for (let pos = 0; pos < str.length; ) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < str.length && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

const REF_KEYWORDS = new Set(['$ref', '$recursiveRef', '$recursiveAnchor', '$dynamicRef', '$dynamicAnchor']);

/** ajv's `hasRef` (compile/resolve.ts), which decides whether a referenced schema is inlined: any ref keyword anywhere below. */
function hasRef(schema: unknown, cache: WeakMap<object, boolean>): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const hit = cache.get(schema);
  if (hit !== undefined) return hit;
  let found = false;
  for (const [k, v] of Object.entries(schema)) {
    if (REF_KEYWORDS.has(k)) found = true;
    else if (Array.isArray(v)) found = v.some((x) => hasRef(x, cache));
    else if (v && typeof v === 'object') found = hasRef(v, cache);
    if (found) break;
  }
  cache.set(schema, found);
  return found;
}

/** `{ $ref: 'k8s#/definitions/X' }` with X among `definitions`: what the meta-schema checks of it is a string. */
function isBundledRef(schema: unknown, definitions: Record<string, JsonSchema>): boolean {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return false;
  const keys = Object.keys(schema);
  const ref = (schema as { $ref?: unknown }).$ref;
  if (keys.length !== 1 || typeof ref !== 'string') return false;
  const m = /^k8s#\/definitions\/([^/]+)$/.exec(ref);
  return !!m && Object.prototype.hasOwnProperty.call(definitions, m[1]);
}
