// Reference rules over the index's resolved references: kustomization paths, Flux sources/paths/dependsOn,
// Argo CD Application paths.
import { Reference } from '../../index/model';
import { Problem } from '../problem';

/** Flux's bootstrap names the source of the repository it was bootstrapped from `flux-system`. */
const BOOTSTRAP_SOURCE = 'flux-system';

function targetText(r: Reference): string {
  return 'path' in r.target ? r.target.path : r.text;
}

export function referenceProblems(refs: Reference[], all: { sourceNameOf(r: Reference): string | undefined }): Problem[] {
  const out: Problem[] = [];
  for (const r of refs) {
    if (r.resolved !== false) continue; // remote or found
    const at = r.source.path;
    // A path leaving the repository cannot be checked from here.
    if ('path' in r.target && (r.target.path === '..' || r.target.path.startsWith('../'))) continue;
    switch (r.type) {
      case 'kustomize-resource':
      case 'kustomize-component':
      case 'kustomize-patch':
      case 'kustomize-generator-file':
      case 'kustomize-crd': {
        const what = r.type.replace('kustomize-', '').replace('generator-file', 'generator file');
        out.push({
          code: 'RC1401',
          message: `Kustomize ${what} "${r.text}" does not exist (looked for ${targetText(r) || '.'}); \`kustomize build\` fails. Fix the path or add the file.`,
          path: at,
          which: 'value',
        });
        break;
      }
      case 'flux-source': {
        const t = r.target.type === 'object' ? r.target.object : undefined;
        out.push({
          code: 'RC1501',
          message: `${t?.kind ?? 'Source'} "${r.text}"${t?.namespace ? ` in namespace ${t.namespace}` : ''} is not defined in this repository. Fine if it exists only in the cluster (e.g. created by flux bootstrap); otherwise fix sourceRef.`,
          // The index points at the sourceRef mapping; its name is what a person would fix.
          path: [...at, 'name'],
          which: 'value',
        });
        break;
      }
      case 'flux-path': {
        const source = all.sourceNameOf(r);
        const thisRepo = source === BOOTSTRAP_SOURCE;
        out.push({
          code: 'RC1502',
          message: thisRepo
            ? `spec.path "${r.text}" does not exist in this repository (source ${source}); Flux fails to build it. Fix the path.`
            : `spec.path "${r.text}" is not in this repository; fine if source ${source ?? '(unknown)'} is another repository, otherwise fix the path.`,
          path: at,
          which: 'value',
          severity: thisRepo ? undefined : 'info',
        });
        break;
      }
      case 'flux-depends-on': {
        const t = r.target.type === 'object' ? r.target.object : undefined;
        out.push({
          code: 'RC1503',
          message: `dependsOn "${r.text}" names no ${t?.kind ?? 'object'}${t?.namespace ? ` in namespace ${t.namespace}` : ''} defined in this repository; Flux waits forever for a missing dependency. Fix the name/namespace.`,
          path: at,
          which: 'value',
        });
        break;
      }
      case 'argocd-path':
        out.push({
          code: 'RC1601',
          message: `Application source path "${r.text}" does not exist in this repository; Argo CD reports "app path does not exist". Fix spec.source.path.`,
          path: at,
          which: 'value',
        });
        break;
      default:
        // ConfigMap/Secret/ServiceAccount/PVC references are often created outside Git; they need a rendered build to judge.
        break;
    }
  }
  return out;
}
