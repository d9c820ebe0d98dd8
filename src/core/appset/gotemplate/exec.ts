// Executes a parsed template the way Go's text/template does (exec.go): the same truth rules, variable
// scopes, missingkey options, argument checks and error texts
// (`template: :LINE:COL: executing "" at <NODE>: MESSAGE`).
import { Arg, argString, Command, commandString, Pipe, TemplateNode } from './parse';
import { FunctionError, FunctionMap, ParamKind, TemplateFunction } from './functions';
import { formatValue, goTypeName, GoMap, GoValue, isGoMap, isTrue, NO_VALUE } from './values';

type ControlNode = Extract<TemplateNode, { pipe: Pipe; list: TemplateNode[] }>;

export type MissingKey = 'default' | 'zero' | 'error';

export class TemplateExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** A function the interpreter evaluates itself, because its arguments are evaluated lazily (and, or). */
type Lazy = (args: Array<() => GoValue>) => GoValue;

const MISSING_ARG: unique symbol = Symbol('missing argument');
type Final = GoValue | typeof MISSING_ARG;

const BREAK = 1;
const CONTINUE = 2;
type Flow = 0 | typeof BREAK | typeof CONTINUE;

/** Guards against runaway templates (`range` over a huge int); Go has no limit, but an editor must not hang. */
const MAX_STEPS = 1_000_000;

export class Executor {
  private vars: Array<{ name: string; value: GoValue }> = [];
  private out = '';
  private steps = 0;

  constructor(
    private readonly text: string,
    private readonly funcs: FunctionMap,
    private readonly lazy: Record<string, Lazy>,
    private readonly missingKey: MissingKey,
  ) {}

  run(nodes: TemplateNode[], data: GoValue): string {
    this.vars = [{ name: '$', value: data }];
    this.out = '';
    this.walkList(data, nodes);
    return this.out;
  }

  private fail(pos: number, context: string, message: string): never {
    const before = this.text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = nl < 0 ? pos : pos - nl - 1;
    throw new TemplateExecError(`template: :${line}:${col}: executing "" at <${context}>: ${message}`);
  }

  private walkList(dot: GoValue, nodes: TemplateNode[]): Flow {
    for (const n of nodes) {
      const flow = this.walk(dot, n);
      if (flow) return flow;
    }
    return 0;
  }

  private walk(dot: GoValue, node: TemplateNode): Flow {
    if (++this.steps > MAX_STEPS) this.fail(node.pos, node.t, `template too expensive (more than ${MAX_STEPS} steps)`);
    switch (node.t) {
      case 'text':
        this.out += node.text;
        return 0;
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out += formatValue(v);
        return 0;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, node.pipe);
        let flow: Flow = 0;
        if (isTrue(v)) flow = this.walkList(node.t === 'with' ? v : dot, node.list);
        else if (node.elseList) flow = this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return flow;
      }
      case 'range':
        return this.walkRange(dot, node);
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
    }
  }

  private walkRange(dot: GoValue, node: ControlNode): Flow {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    const inner = this.vars.length;
    const decl = node.pipe.decl;
    const one = (index: GoValue, elem: GoValue): Flow => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) {
          if (decl.length > 1) {
            this.setVar(decl[0], index);
            this.setVar(decl[1], elem);
          } else this.setVar(decl[0], elem);
        } else {
          this.vars[this.vars.length - 1].value = elem;
          if (decl.length > 1) this.vars[this.vars.length - 2].value = index;
        }
      }
      const flow = this.walkList(elem, node.list);
      this.vars.length = inner;
      return flow;
    };
    let iterated = false;
    const items: Array<[GoValue, GoValue]> = [];
    if (Array.isArray(val)) val.forEach((e, i) => items.push([BigInt(i), e]));
    else if (isGoMap(val)) for (const k of Object.keys(val).sort()) items.push([k, val[k]]);
    else if (typeof val === 'bigint') for (let i = 0n; i < val; i++) items.push([i, i]);
    else if (val !== NO_VALUE && val !== null) this.fail(node.pos, `range ${argString({ t: 'pipe', pos: node.pos, pipe: node.pipe }).slice(1, -1)}`, `range can't iterate over ${formatValue(val)}`);
    for (const [i, e] of items) {
      iterated = true;
      if (one(i, e) === BREAK) break;
    }
    if (!iterated && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = mark;
    return 0;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    return NO_VALUE;
  }

  private evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    let value: Final = MISSING_ARG;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} is dug out to an invalid value, which prints "<no value>" (Go's "lovely!").
      if (value === null) value = NO_VALUE;
    }
    const v = value === MISSING_ARG ? NO_VALUE : value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, v);
      else this.vars.push({ name, value: v });
    }
    return v;
  }

  private notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== MISSING_ARG) this.fail(args[0].pos, argString(args[0]), `can't give argument to non-function ${argString(args[0])}`);
  }

  private evalCommand(dot: GoValue, cmd: Command, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.t) {
      case 'field':
        return this.evalFieldChain(dot, dot, first, first.idents, cmd.args, final, true);
      case 'chain': {
        const recv = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, recv, first, first.fields, cmd.args, final, false);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, first.pos, cmd, cmd.args.slice(1), final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first.pipe);
      case 'variable': {
        const v = this.varValue(first.idents[0]);
        if (first.idents.length === 1) {
          this.notAFunction(cmd.args, final);
          return v;
        }
        return this.evalFieldChain(dot, v, first, first.idents.slice(1), cmd.args, final, false);
      }
      case 'nil':
        this.fail(first.pos, 'nil', 'nil is not a command');
      default:
        this.notAFunction(cmd.args, final);
        return this.evalArg(dot, first);
    }
  }

  private evalFieldChain(dot: GoValue, receiver: GoValue, node: Arg, idents: string[], args: Arg[], final: Final, fromDot: boolean): GoValue {
    let r = receiver;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      r = this.evalField(r, idents[i], node, last ? args : [], last ? final : MISSING_ARG, fromDot && i === 0 && r === this.vars[0].value);
    }
    return r;
  }

  private evalField(receiver: GoValue, name: string, node: Arg, args: Arg[], final: Final, isRoot: boolean): GoValue {
    if (receiver === NO_VALUE) {
      if (this.missingKey === 'error') this.fail(node.pos, argString(node), `nil data; no entry for key ${JSON.stringify(name)}`);
      return NO_VALUE;
    }
    if (receiver === null) this.fail(node.pos, argString(node), `nil pointer evaluating interface {}.${name}`);
    if (isGoMap(receiver)) {
      if (args.length > 1 || final !== MISSING_ARG) this.fail(node.pos, argString(node), `${name} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(receiver, name)) return receiver[name];
      if (this.missingKey === 'error') this.fail(node.pos, argString(node), `map has no entry for key ${JSON.stringify(name)}`);
      return this.missingKey === 'zero' ? null : NO_VALUE;
    }
    this.fail(node.pos, argString(node), `can't evaluate field ${name} in type ${isRoot ? goTypeName(receiver) : 'interface {}'}`);
  }

  /** An argument's value (no conversion). */
  private evalArg(dot: GoValue, a: Arg): GoValue {
    switch (a.t) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
      case 'number':
      case 'string':
        return a.value;
      case 'field':
        return this.evalFieldChain(dot, dot, a, a.idents, [a], MISSING_ARG, true);
      case 'variable': {
        const v = this.varValue(a.idents[0]);
        return a.idents.length === 1 ? v : this.evalFieldChain(dot, v, a, a.idents.slice(1), [a], MISSING_ARG, false);
      }
      case 'pipe':
        return this.evalPipeline(dot, a.pipe);
      case 'identifier':
        return this.evalFunction(dot, a.name, a.pos, { pos: a.pos, args: [a] }, [], MISSING_ARG);
      case 'chain':
        return this.evalFieldChain(dot, this.evalArg(dot, a.node), a, a.fields, [a], MISSING_ARG, false);
    }
  }

  private evalFunction(dot: GoValue, name: string, pos: number, cmd: Command, args: Arg[], final: Final): GoValue {
    const lazy = this.lazy[name];
    if (lazy) {
      const thunks = args.map((a) => () => this.evalArg(dot, a));
      if (final !== MISSING_ARG) thunks.push(() => final);
      if (thunks.length === 0) this.fail(pos, name, `wrong number of args for ${name}: want at least 1 got 0`);
      return lazy(thunks);
    }
    const f = this.funcs[name];
    const n = args.length + (final !== MISSING_ARG ? 1 : 0);
    // Go reports arity and piped-value errors at the function name, argument errors at the argument.
    this.checkArity(f, name, n, pos);
    const argv: GoValue[] = [];
    args.forEach((a, i) => argv.push(this.convert(this.evalArg(dot, a), kindAt(f, i), a, a.pos)));
    if (final !== MISSING_ARG) argv.push(this.convert(final, kindAt(f, args.length), undefined, pos, name));
    try {
      return f.call(...argv);
    } catch (err) {
      if (err instanceof FunctionError) this.fail(cmd.pos, commandString(cmd), `error calling ${name}: ${err.message}`);
      throw err;
    }
  }

  private checkArity(f: TemplateFunction, name: string, n: number, pos: number): void {
    if (f.variadic !== undefined ? n < f.params.length : n !== f.params.length) {
      this.fail(pos, name, `wrong number of args for ${name}: want ${f.variadic !== undefined ? 'at least ' : ''}${f.params.length} got ${n}`);
    }
  }

  /** reflect's assignability, with Go's messages. Untyped number literals convert to int or float. */
  private convert(v: GoValue, kind: ParamKind, node: Arg | undefined, pos: number, finalCtx?: string): GoValue {
    if (kind === 'any') return v === NO_VALUE ? null : v;
    const at = pos;
    const ctx = finalCtx ?? (node ? argString(node) : '');
    if (v === NO_VALUE || v === null) {
      if (kind === 'list' || kind === 'map') return null;
      this.fail(at, ctx, `invalid value; expected ${goKind(kind)}`);
    }
    const literal = node?.t === 'number';
    switch (kind) {
      case 'string':
        if (typeof v === 'string') return v;
        break;
      case 'int':
        if (typeof v === 'bigint') return v;
        if (literal) this.fail(at, ctx, `expected integer; found ${argString(node!)}`);
        break;
      case 'float':
        if (typeof v === 'number') return v;
        if (typeof v === 'bigint' && literal) return Number(v);
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        break;
      case 'list':
        if (Array.isArray(v)) return v;
        break;
      case 'map':
        if (isGoMap(v)) return v;
        break;
    }
    this.fail(at, ctx, `wrong type for value; expected ${goKind(kind)}; got ${goTypeName(v)}`);
  }
}

function kindAt(f: TemplateFunction, i: number): ParamKind {
  return i < f.params.length ? f.params[i] : f.variadic ?? 'any';
}

function goKind(k: ParamKind): string {
  return k === 'float' ? 'float64' : k === 'list' ? '[]interface {}' : k === 'map' ? 'map[string]interface {}' : k;
}

export type { GoMap };
