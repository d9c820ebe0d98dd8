// A chart's values.yaml checked against the chart's values.schema.json, as `helm install/lint` does.
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import equal from 'ajv/dist/runtime/equal';
import { JsonSchema } from '../schemas/bundleFormat';
import { SchemaCheck, SchemaInterpreter } from '../schemas/schemaInterpreter';
import { shareDraft07MetaSchema } from '../schemas/schemaRegistry';
import { dirname } from '../../index/classify';
import { IndexedDocument } from '../../index/model';
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { formatPath, pathFromPointer, Problem } from '../problem';

/** ajv's own deep equality, so `enum` compares as compiled code does (its typing is a module object). */
const same = equal as unknown as (a: unknown, b: unknown) => boolean;

export class HelmValuesSchemaCache {
  private readonly byText = new Map<string, SchemaCheck | string>();

  /**
   * A draft-07 schema (most charts'; cert-manager's has 278 `#/$defs` refs) is walked by the schema interpreter with
   * Helm's ajv options, giving ajv's errors without compiling (0.17-0.21 s of a cold CLI run for cert-manager's);
   * anything the walk does not cover, and 2019-09/2020-12 schemas, are compiled by ajv.
   */
  compile(text: string): SchemaCheck | string {
    const hit = this.byText.get(text);
    if (hit) return hit;
    let result: SchemaCheck | string;
    try {
      const schema = JSON.parse(text) as Record<string, unknown>;
      const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
      const options = { allErrors: true, strict: false, validateFormats: false };
      const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
      // The draft-07 meta-schema check (before the walk or the compile) shares the registry's compiled meta-schema.
      if (ajv instanceof Ajv) shareDraft07MetaSchema(ajv);
      const root = { ...schema, $schema: undefined } as JsonSchema;
      const defs = root.$defs && typeof root.$defs === 'object' && !Array.isArray(root.$defs) ? (root.$defs as Record<string, JsonSchema>) : {};
      const draft07 = !draft.includes('2020-12') && !draft.includes('2019-09');
      const walker = draft07 ? new SchemaInterpreter(ajv, same, {}, { verbose: false, formats: false, unicodeRegExp: true, defs }) : undefined;
      result = walker?.interpretable(root) ? walker.check(root) : ajv.compile(root);
    } catch (e) {
      result = e instanceof Error ? e.message : String(e);
    }
    this.byText.set(text, result);
    return result;
  }
}

export async function helmValuesProblems(index: RepositoryIndex, doc: IndexedDocument, cache: HelmValuesSchemaCache): Promise<Problem[]> {
  // Only the chart's own defaults; values-<env>.yaml overlays are partial by design.
  if (!/(^|\/)values\.ya?ml$/.test(doc.file) || doc.index !== 0) return [];
  const dir = dirname(doc.file);
  const schemaPath = `${dir ? dir + '/' : ''}values.schema.json`;
  if (index.exists(schemaPath) !== 'file') return [];
  let text: string;
  try {
    text = await index.readText(schemaPath);
  } catch {
    return [];
  }
  const validate = cache.compile(text);
  if (typeof validate === 'string') {
    return [{ code: 'RC1701', message: `${schemaPath} cannot be used: ${validate}`, path: [], which: 'key', severity: 'warning' }];
  }
  const value = doc.value ?? {};
  if (validate(value)) return [];
  return (validate.errors ?? [])
    .filter((e) => !/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath))
    .map((e) => {
      const path = pathFromPointer(e.instancePath, value);
      const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
      return {
        code: 'RC1701',
        message: extra
          ? `Unknown value "${extra}" in ${formatPath(path)}: values.schema.json does not allow it.`
          : `${formatPath(path)} ${e.message ?? 'does not match values.schema.json'} (values.schema.json).`,
        path: extra ? [...path, extra] : path,
        which: extra ? ('key' as const) : ('value' as const),
      };
    });
}
