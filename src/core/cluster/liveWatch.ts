// Keeps a live set fresh for auto-refresh: one watch per kind from the resourceVersion of its list,
// restarted from the last version seen when the server ends the stream, and a `resync` signal when the
// version is too old (410 Expired) so the caller lists again.
import { CancellationToken, KubeObject, NEVER_CANCELLED } from '../types';
import { ReadOnlyClusterClient, WatchHandle } from './client';
import { ResourceInfo } from './discovery';
import { ClusterError } from './result';

export type LiveChange =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; resource: ResourceInfo; object: KubeObject }
  | { type: 'resync'; resource: ResourceInfo; reason: string };

export interface LiveWatchOptions {
  /** Starting resourceVersion per resource (the list's); without one the stream starts with ADDED events. */
  resourceVersion?: (r: ResourceInfo) => string | undefined;
  onChange: (change: LiveChange) => void;
  /** A watch that cannot be (re)started: forbidden, unauthorized, unreachable. That kind stops being watched. */
  onError?: (resource: ResourceInfo, error: ClusterError) => void;
  /** Server-side stream length before it is restarted (seconds). */
  timeoutSeconds?: number;
  token?: CancellationToken;
}

export function watchLiveSet(client: ReadOnlyClusterClient, resources: ResourceInfo[], options: LiveWatchOptions): { stop(): void } {
  const token = options.token ?? NEVER_CANCELLED;
  let stopped = false;
  const handles = new Set<WatchHandle>();

  const run = async (resource: ResourceInfo): Promise<void> => {
    let rv = options.resourceVersion?.(resource);
    while (!stopped && !token.isCancellationRequested) {
      let expired = false;
      const started = await client.watch(
        resource,
        { resourceVersion: rv, timeoutSeconds: options.timeoutSeconds ?? 300 },
        (e) => {
          if (e.type === 'ERROR') {
            expired = true;
            return;
          }
          const v = e.object.metadata?.resourceVersion;
          if (typeof v === 'string') rv = v;
          if (e.type === 'BOOKMARK') return;
          options.onChange({ type: e.type, resource, object: e.object });
        },
        token,
      );
      if (!started.ok) {
        options.onError?.(resource, started.error);
        return;
      }
      handles.add(started.value);
      await started.value.done;
      handles.delete(started.value);
      if (expired) {
        options.onChange({ type: 'resync', resource, reason: 'resourceVersion expired' });
        rv = undefined;
        return;
      }
    }
  };

  for (const r of resources) void run(r);
  return {
    stop() {
      stopped = true;
      for (const h of handles) h.stop();
    },
  };
}
