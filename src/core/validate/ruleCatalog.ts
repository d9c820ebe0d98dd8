// Every rule the validator reports: a stable code, a default severity and what it means. The README's rules
// table and the settings' severity overrides both key on these codes; never renumber one.
import { Severity } from '../types';

export interface RuleInfo {
  code: string;
  title: string;
  defaultSeverity: Severity;
  /** How to fix it, for docs. */
  fix: string;
}

const rules: RuleInfo[] = [
  { code: 'RC0001', title: 'YAML syntax error', defaultSeverity: 'error', fix: 'Fix the YAML at the marked position.' },
  { code: 'RC0002', title: 'Duplicate mapping key', defaultSeverity: 'error', fix: 'Remove one of the keys; tools silently keep only the last value.' },
  { code: 'RC0003', title: 'File skipped (too large or binary)', defaultSeverity: 'info', fix: 'Raise the size limit or exclude the file.' },
  { code: 'RC0004', title: 'Document too complex (alias expansion)', defaultSeverity: 'error', fix: 'Reduce alias nesting.' },
  { code: 'RC0005', title: 'File unreadable', defaultSeverity: 'error', fix: 'Check file permissions and encoding.' },
  { code: 'RC1001', title: 'Missing apiVersion or kind', defaultSeverity: 'error', fix: 'Add the missing `apiVersion` or `kind` key.' },
  { code: 'RC1002', title: 'Template placeholders; schema checks skipped', defaultSeverity: 'info', fix: 'Quote a placeholder meant as text; otherwise validate the rendered output, or rename the file out of the manifest set.' },
  { code: 'RC1101', title: 'Wrong type', defaultSeverity: 'error', fix: 'Write the value with the type the schema expects (quote strings, unquote numbers).' },
  { code: 'RC1102', title: 'Unknown field', defaultSeverity: 'error', fix: 'Remove the field or fix its spelling or indentation; the API server rejects or drops it.' },
  { code: 'RC1103', title: 'Missing required field', defaultSeverity: 'error', fix: 'Add the required field.' },
  { code: 'RC1104', title: 'Value not allowed (enum)', defaultSeverity: 'error', fix: 'Use one of the listed values.' },
  { code: 'RC1105', title: 'Bad format (quantity, base64, date-time)', defaultSeverity: 'error', fix: 'Write the value in the expected format, e.g. `500m`, `128Mi`.' },
  { code: 'RC1106', title: 'Schema constraint violated', defaultSeverity: 'error', fix: 'Change the value to satisfy the constraint named in the message.' },
  { code: 'RC1107', title: 'Unquoted YAML 1.1 boolean in a string field', defaultSeverity: 'error', fix: 'Quote the value (`"yes"`); Kubernetes reads unquoted yes/no/on/off as booleans.' },
  { code: 'RC1201', title: 'Removed apiVersion', defaultSeverity: 'error', fix: 'Move to the replacement apiVersion (quick fix when the move is mechanical).' },
  { code: 'RC1202', title: 'Deprecated apiVersion', defaultSeverity: 'warning', fix: 'Move to the replacement apiVersion before the named release.' },
  { code: 'RC1203', title: 'Unknown kind in a Kubernetes API group', defaultSeverity: 'error', fix: 'Fix the kind or apiVersion spelling.' },
  { code: 'RC1204', title: 'No schema for kind', defaultSeverity: 'info', fix: 'Add the CRD to the repository or its JSON Schema to an extra schema folder.' },
  { code: 'RC1301', title: 'Workload selector does not match template labels', defaultSeverity: 'error', fix: 'Make `spec.selector.matchLabels` a subset of `spec.template.metadata.labels`.' },
  { code: 'RC1401', title: 'Kustomization path does not exist', defaultSeverity: 'error', fix: 'Fix the path or add the missing file/directory.' },
  { code: 'RC1402', title: 'Duplicate resource in one kustomize build', defaultSeverity: 'error', fix: 'Remove one of them, or make the second a patch.' },
  { code: 'RC1403', title: 'Kustomize patch that targets nothing in its build', defaultSeverity: 'error', fix: 'Fix the patch kind/name or target; a target selector that matches nothing is a warning (no effect).' },
  { code: 'RC1404', title: 'ConfigMap/Secret reference missing from the build', defaultSeverity: 'warning', fix: 'Add the ConfigMap/Secret (or its generator) to the build, fix the name, or mark the reference optional.' },
  { code: 'RC1405', title: 'Unknown kustomization field', defaultSeverity: 'error', fix: 'Fix the spelling (quick fix when close to a known field); kustomize rejects unknown fields.' },
  { code: 'RC1406', title: 'Kustomization value of the wrong type', defaultSeverity: 'error', fix: 'Write the value with the type kustomize expects; a patch file goes under `patches:` as `- path: file.yaml` (quick fix).' },
  { code: 'RC1501', title: 'Flux sourceRef to a source not in the repository', defaultSeverity: 'info', fix: 'Define the source in the repository, or ignore if it exists only in the cluster.' },
  { code: 'RC1502', title: 'Flux Kustomization path not in the repository', defaultSeverity: 'warning', fix: 'Fix `spec.path`; it is relative to the source root.' },
  { code: 'RC1503', title: 'Flux dependsOn to an unknown object', defaultSeverity: 'warning', fix: 'Fix the name/namespace, or ignore if the object is defined elsewhere.' },
  { code: 'RC1504', title: 'Flux ${VAR} without a value', defaultSeverity: 'warning', fix: 'Add the variable to postBuild.substitute or an in-repo substituteFrom ConfigMap/Secret, or give a default `${VAR:=value}`.' },
  { code: 'RC1601', title: 'Argo CD Application path missing', defaultSeverity: 'error', fix: 'Fix `source.path`; it must exist in this repository.' },
  { code: 'RC1701', title: 'Helm values do not match values.schema.json', defaultSeverity: 'error', fix: "Change the value to match the chart's values.schema.json." },
  { code: 'RC1801', title: 'ApplicationSet template does not render (Go template error, unfilled {{tag}})', defaultSeverity: 'error', fix: 'Fix the template or give the generator the missing parameter; an unfilled fasttemplate tag (warning) stays in the Application as written.' },
  { code: 'RC1802', title: 'ApplicationSet generator malformed or empty', defaultSeverity: 'error', fix: 'Fix the generator (matrix of two children, merge with mergeKeys, string list values); a generator that yields nothing here is a warning.' },
  { code: 'RC1803', title: 'ApplicationSet generates two Applications with the same name', defaultSeverity: 'error', fix: 'Make the template name unique per parameter set (add a generator parameter to it); the controller rejects the whole ApplicationSet.' },
  { code: 'RC1804', title: 'Generated Application source.path missing', defaultSeverity: 'error', fix: 'Fix the path template or add the folder; the generated Application would fail to sync.' },
  { code: 'RC2001', title: 'Terraform syntax error (HCL or JSON)', defaultSeverity: 'error', fix: 'Fix the syntax at the marked position; terraform and Atlantis fail on the file.' },
  { code: 'RC2002', title: 'Terraform local module source missing or outside the repository', defaultSeverity: 'warning', fix: 'Fix the `source` path; it must lead to a directory with Terraform files inside the repository.' },
  { code: 'RC2101', title: 'atlantis.yaml does not match the schema (unknown key, wrong type or value)', defaultSeverity: 'error', fix: 'Fix or remove the key; Atlantis rejects unknown keys and refuses the whole file.' },
  { code: 'RC2102', title: 'Atlantis project name invalid or not unique', defaultSeverity: 'error', fix: 'Give each project a unique, URL-safe name.' },
  { code: 'RC2103', title: 'Atlantis projects share dir and workspace without names', defaultSeverity: 'error', fix: 'Name every project that shares a dir and workspace with another.' },
  { code: 'RC2104', title: 'Atlantis project dir invalid', defaultSeverity: 'error', fix: 'Remove `..`, fix the glob, or drop `name` from a glob dir.' },
  { code: 'RC2105', title: 'Atlantis project dir does not exist', defaultSeverity: 'warning', fix: 'Fix the path; Atlantis never plans a project whose dir is missing.' },
  { code: 'RC2106', title: 'Atlantis depends_on to an unknown project, itself, or in a cycle', defaultSeverity: 'error', fix: 'Name an existing project and break cycles.' },
  { code: 'RC2107', title: 'Atlantis workflow not defined', defaultSeverity: 'error', fix: 'Define the workflow in atlantis.yaml (if the server allows custom workflows) or in the server-side repos.yaml.' },
  { code: 'RC2108', title: 'Atlantis branch is not a /regex/ Go can compile', defaultSeverity: 'error', fix: 'Write the branch as /regex/ without lookaround or backreferences.' },
  { code: 'RC2109', title: 'Atlantis when_modified pattern matches no file', defaultSeverity: 'warning', fix: 'Fix the pattern; it is relative to the project dir and uses .dockerignore rules.' },
  { code: 'RC2110', title: 'Key not allowed by the Atlantis server-side config', defaultSeverity: 'error', fix: 'Add the key to allowed_overrides (or allow_custom_workflows) in repos.yaml, or remove it from atlantis.yaml.' },
  { code: 'RC2111', title: 'Atlantis pattern is invalid', defaultSeverity: 'error', fix: 'Fix the glob syntax (unclosed `[`, a lone `!`); Atlantis fails every plan on it.' },
];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(rules.map((r) => [r.code, r]));

export type SeverityOverrides = Record<string, Severity | 'off'>;

/** The severity a rule reports with, or undefined when it is turned off. */
export function severityOf(code: string, overrides: SeverityOverrides | undefined, fallback?: Severity): Severity | undefined {
  const o = overrides?.[code];
  if (o === 'off') return undefined;
  return o ?? RULES.get(code)?.defaultSeverity ?? fallback ?? 'error';
}
