// Kubernetes reads YAML with YAML 1.1 rules (sigs.k8s.io/yaml over go-yaml v2): an unquoted `yes`, `no`,
// `on`, `off`, `y`, `n` is a boolean there, while YAML 1.2 (our fast parser, most editors) reads a string.
// So `value: yes` in an env var passes a YAML 1.2 schema check yet the API server rejects it, and
// `enableServiceLinks: yes` fails a YAML 1.2 check yet is fine. Both only matter for *plain* scalars,
// which is checked against the source when the document is located.
import { Problem, YamlPath } from '../problem';
import { JsonSchema } from '../schemas/bundleFormat';
import { SchemaRegistry } from '../schemas/schemaRegistry';
import { schemaAtPath, schemaTypes } from '../schemas/schemaWalk';

export const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** String-typed fields holding a word YAML 1.1 reads as a boolean. */
export function yaml11BooleanProblems(registry: SchemaRegistry, schema: JsonSchema, value: unknown, prefix: YamlPath): Problem[] {
  const found: YamlPath[] = [];
  // Runs on every document: one shared path stack, copied only on a (rare) match.
  const stack: YamlPath = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') {
      if (node.length <= 3 && YAML11_BOOLEAN.test(node)) found.push(stack.slice());
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        stack.push(i);
        walk(node[i]);
        stack.pop();
      }
    } else if (node && typeof node === 'object') {
      for (const k in node as Record<string, unknown>) {
        stack.push(k);
        walk((node as Record<string, unknown>)[k]);
        stack.pop();
      }
    }
  };
  walk(value);
  const out: Problem[] = [];
  for (const path of found) {
    const types = schemaTypes(schemaAtPath(registry, schema, path));
    if (!types.includes('string') || types.includes('boolean')) continue;
    const word = String(path.reduce<unknown>((n, s) => (n as Record<string | number, unknown>)[s], value));
    out.push({
      code: 'RC1107',
      message: `Kubernetes reads an unquoted ${word} as a boolean (YAML 1.1), but this field is a string; the API server rejects it. Quote it: "${word}".`,
      path: [...prefix, ...path],
      which: 'value',
      onlyIfPlain: true,
      fix: { title: `Quote "${word}"`, path: [...prefix, ...path], which: 'value', newText: `"${word}"` },
    });
  }
  return out;
}
