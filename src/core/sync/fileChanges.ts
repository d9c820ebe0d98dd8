// Object-level changes of one manifest file between the base branch and the sync commit, for the
// PR body when no render or drift result is at hand (the CLI). Objects are matched by identity
// (group, kind, namespace, name), so moving an object within the file is not a change.
import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { ResourceId } from '../types';
import { ObjectChange } from './prBody';

interface FileObject {
  id: ResourceId;
  json: string;
  text: string;
}

function objectsOf(text: string | undefined): Map<string, FileObject> {
  const out = new Map<string, FileObject>();
  if (!text) return out;
  for (const doc of parseAllDocuments(text, { logLevel: 'error' })) {
    if (doc.errors.length) continue;
    const obj = doc.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') continue;
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const slash = apiVersion.lastIndexOf('/');
    const id: ResourceId = {
      group: slash > 0 ? apiVersion.slice(0, slash) : '',
      version: slash > 0 ? apiVersion.slice(slash + 1) : apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(typeof obj.metadata.namespace === 'string' ? { namespace: obj.metadata.namespace } : {}),
    };
    const key = `${id.group}/${id.kind}/${id.namespace ?? ''}/${id.name}`;
    const range = doc.range;
    const slice = range ? text.slice(range[0], range[2]) : String(doc);
    out.set(key, { id, json: JSON.stringify(obj), text: slice.endsWith('\n') ? slice : slice + '\n' });
  }
  return out;
}

export function objectChangesForFile(file: string, before: string | undefined, after: string | undefined, app?: string): ObjectChange[] {
  const a = objectsOf(before);
  const b = objectsOf(after);
  const appName = app ?? (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');
  const changes: ObjectChange[] = [];
  const patch = (x: string, y: string) => createTwoFilesPatch(`a/${file}`, `b/${file}`, x, y, undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n');
  for (const [key, obj] of b) {
    const old = a.get(key);
    if (!old) changes.push({ app: appName, id: obj.id, change: 'create', diff: patch('', obj.text) });
    else if (old.json !== obj.json) changes.push({ app: appName, id: obj.id, change: 'update', diff: patch(old.text, obj.text) });
  }
  for (const [key, obj] of a) if (!b.has(key)) changes.push({ app: appName, id: obj.id, change: 'delete', diff: patch(obj.text, '') });
  return changes;
}
