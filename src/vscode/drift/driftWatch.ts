// Auto-refresh from the cluster: after a comparison, one watch per listed kind from its list's
// resourceVersion (the core's watchLiveSet). An event asks for a refresh only when it can change the
// view: an object the view shows, or one labelled as belonging to an app (a new extra); a status-only
// update (controllers write status all the time) does not. Each object's first update is compared
// with what the comparison saw of it, not guessed from generation/observedGeneration: a label or
// annotation edit leaves those equal and is still drift. No `vscode` import (unit-tested).
import { createHash } from 'node:crypto';
import { ReadOnlyClusterClient } from '../../core/cluster/client';
import { ResourceInfo } from '../../core/cluster/discovery';
import { LiveChange, watchLiveSet } from '../../core/cluster/liveWatch';
import { objectKey } from '../../core/diff/drift';
import { maskSecret } from '../../core/diff/mask';
import { normalizeObject } from '../../core/diff/normalize';
import { ObjectDrift } from '../../core/diff/types';
import { KubeObject } from '../../core/types';
import { AppDrift } from './driftApps';

const APP_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'app.kubernetes.io/instance'];
const APP_ANNOTATIONS = ['argocd.argoproj.io/tracking-id'];

export function keyOfDrift(o: ObjectDrift): string {
  return objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
}

function belongsToAnApp(o: KubeObject): boolean {
  const labels = o.metadata?.labels ?? {};
  const annotations = o.metadata?.annotations ?? {};
  return APP_LABELS.some((l) => l in labels) || APP_ANNOTATIONS.some((a) => a in annotations);
}

/**
 * A digest, not the object: the watch keeps no Secret data around. Normalized and masked as the
 * comparison's live side is, so the two digests agree when only status or server metadata moved.
 */
export function fingerprint(o: KubeObject): string {
  const n = normalizeObject(o);
  maskSecret(n);
  return createHash('sha256').update(JSON.stringify(n)).digest('hex');
}

/** Decides which watch events matter; remembers what it saw of each object to skip status-only updates. */
export class DriftChangeFilter {
  private readonly seen: Map<string, string>;
  /** `compared`: digests of the live objects the comparison saw, by object key. */
  constructor(private readonly shown: Set<string>, compared: Map<string, string> = new Map()) {
    this.seen = new Map(compared);
  }

  relevant(change: LiveChange): boolean {
    if (change.type === 'resync') return true;
    const o = change.object;
    const key = objectKey(o);
    if (!this.shown.has(key) && !belongsToAnApp(o)) return false;
    if (change.type !== 'MODIFIED') return true;
    const fp = fingerprint(o);
    const before = this.seen.get(key);
    this.seen.set(key, fp);
    // Nothing known of it before (or ignore rules shaped what the view holds): the view may be stale.
    return before !== fp;
  }
}

export interface DriftWatch {
  stop(): void;
}

/** Watches every kind the apps listed (once per resource) and calls `onChange` for relevant events. */
export function watchForDrift(client: ReadOnlyClusterClient, apps: AppDrift[], onChange: (why: string) => void, onError?: (message: string) => void): DriftWatch {
  const resources = new Map<string, ResourceInfo>();
  const versions = new Map<string, string>();
  const shown = new Set<string>();
  const compared = new Map<string, string>();
  for (const app of apps) {
    for (const o of app.report?.resources ?? []) {
      shown.add(keyOfDrift(o));
      if (o.live) compared.set(keyOfDrift(o), fingerprint(o.live));
    }
    for (const r of app.watch?.resources ?? []) {
      const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
      const key = `${apiVersion}/${r.kind}`;
      if (!resources.has(key)) resources.set(key, r);
      const v = app.watch?.resourceVersions.get(key);
      if (v && !versions.has(key)) versions.set(key, v);
    }
  }
  const filter = new DriftChangeFilter(shown, compared);
  let stopped = false;
  const handle = watchLiveSet(client, [...resources.values()], {
    resourceVersion: (r) => versions.get(`${r.group ? `${r.group}/${r.version}` : r.version}/${r.kind}`),
    onChange: (change) => {
      if (stopped || !filter.relevant(change)) return;
      const what = change.type === 'resync' ? `${change.resource.kind}: ${change.reason}` : `${change.type} ${change.object.kind} ${change.object.metadata?.namespace ? `${change.object.metadata.namespace}/` : ''}${change.object.metadata?.name ?? ''}`;
      onChange(what);
    },
    onError: (r, e) => onError?.(`watch of ${r.resource} stopped: ${e.message}`),
  });
  return {
    stop() {
      stopped = true;
      handle.stop();
    },
  };
}
