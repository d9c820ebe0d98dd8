// Argo CD cluster Secrets among indexed documents. Only the name, server, project, labels and
// annotations are kept: the credentials in `config` are never read.
import { isPlainMap } from './render';
import { ClusterSecret } from './types';

const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

function field(v: Record<string, unknown>, key: string): string | undefined {
  const stringData = isPlainMap(v.stringData) ? v.stringData : {};
  if (typeof stringData[key] === 'string') return stringData[key];
  const data = isPlainMap(v.data) ? v.data : {};
  const b64 = data[key];
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}$/.test(b64)) return undefined;
  return Buffer.from(b64, 'base64').toString('utf8');
}

function stringMap(v: unknown): Record<string, string> {
  if (!isPlainMap(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : String(x)]));
}

/** The cluster Secrets among `docs` (IndexedDocuments or anything with file and value). */
export function clusterSecretsFrom(docs: Iterable<{ file: string; value?: unknown }>): ClusterSecret[] {
  const out: ClusterSecret[] = [];
  for (const d of docs) {
    const v = d.value;
    if (!isPlainMap(v) || v.kind !== 'Secret' || v.apiVersion !== 'v1') continue;
    const meta = isPlainMap(v.metadata) ? v.metadata : {};
    const labels = stringMap(meta.labels);
    if (labels[SECRET_TYPE_LABEL] !== 'cluster') continue;
    const server = field(v, 'server');
    if (!server) continue;
    const project = field(v, 'project');
    out.push({ name: field(v, 'name') ?? '', server, ...(project ? { project } : {}), labels, annotations: stringMap(meta.annotations), file: d.file });
  }
  return out;
}
