// How a template function is declared for the interpreter: Go checks argument counts and types through
// reflection before the call; these kinds carry the same checks and error texts.
import { GoValue } from './values';

/** Parameter kinds: `any` is interface{}; the others must match (Go converts nothing implicitly). */
export type ParamKind = 'any' | 'string' | 'int' | 'float' | 'bool' | 'list' | 'map';

export interface TemplateFunction {
  params: ParamKind[];
  /** Kind of the trailing variadic parameter, when the function has one. */
  variadic?: ParamKind;
  /** Arguments arrive converted to their kinds; throw FunctionError for Go's returned error. */
  call(...args: GoValue[]): GoValue;
}

/** The error a Go template function returns ("error calling NAME: message"). */
export class FunctionError extends Error {}

export type FunctionMap = Record<string, TemplateFunction>;

export function fn(params: ParamKind[], call: (...args: never[]) => GoValue, variadic?: ParamKind): TemplateFunction {
  // The casts are checked at call time by the interpreter against `params`, like Go's reflect.Call.
  return { params, variadic, call: call as (...args: GoValue[]) => GoValue };
}
