// A chart's values.yaml checked against the chart's values.schema.json, as `helm install/lint` does.
import Ajv, { ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { dirname } from '../../index/classify';
import { IndexedDocument } from '../../index/model';
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { formatPath, pathFromPointer, Problem } from '../problem';

export class HelmValuesSchemaCache {
  private readonly byText = new Map<string, ValidateFunction | string>();

  compile(text: string): ValidateFunction | string {
    const hit = this.byText.get(text);
    if (hit) return hit;
    let result: ValidateFunction | string;
    try {
      const schema = JSON.parse(text) as Record<string, unknown>;
      const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
      const options = { allErrors: true, strict: false, validateFormats: false };
      const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
      result = ajv.compile({ ...schema, $schema: undefined });
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
