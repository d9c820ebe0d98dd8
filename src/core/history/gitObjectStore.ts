// Reads objects from a repository's object store through ONE long-lived `git cat-file --batch`
// process: requests are pipelined (written without waiting) and answered in order, so a history walk
// over hundreds of commits spawns no process per file. Objects are immutable by id, so blobs and
// parsed trees are cached (bounded by bytes) and shared by every commit that has them.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface GitObject {
  id: string;
  type: GitObjectType;
  content: Buffer;
}

/** One entry of a tree object. `mode` decides what it is (40000 tree, 120000 symlink, 160000 submodule). */
export interface TreeEntry {
  name: string;
  mode: string;
  id: string;
  kind: 'file' | 'directory' | 'symlink' | 'submodule';
  /** Known when the tree came from `git ls-tree -l`; otherwise read from the blob on demand. */
  size?: number;
}

interface Pending {
  resolve: (o: GitObject | undefined) => void;
  reject: (e: Error) => void;
}

const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class GitObjectStore {
  private proc?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Buffer length the next response needs before it can be parsed (0: unknown). */
  private needBytes = 0;
  private closed = false;
  private failure?: Error;
  private readonly objects = new Map<string, GitObject>();
  private readonly inflight = new Map<string, Promise<GitObject | undefined>>();
  private cachedBytes = 0;
  private readonly trees = new Map<string, Map<string, TreeEntry>>();
  /** Raw object ids are 20 bytes in SHA-1 repositories and 32 in SHA-256 ones. */
  private idBytes = 20;

  constructor(
    /** Any directory inside the repository (the process runs there). */
    readonly repoDir: string,
    private readonly maxCacheBytes = DEFAULT_CACHE_BYTES,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    if (this.closed) throw new Error('The git object store is closed.');
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
    delete env.GIT_INDEX_FILE;
    const proc = spawn('git', ['cat-file', '--batch'], { cwd: this.repoDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    proc.stdout.on('data', (d: Buffer) => this.onData(d));
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.queue.splice(0)) p.reject(err);
      this.proc = undefined;
    };
    proc.on('error', (e) => fail(new Error(`Cannot run git cat-file in ${this.repoDir}: ${e.message}`)));
    proc.on('exit', (code) => {
      if (this.queue.length || (!this.closed && code !== 0)) fail(new Error(`git cat-file exited (${code ?? 'signal'}): ${stderr.trim() || 'no message'}`));
      this.proc = undefined;
    });
    proc.stdin.on('error', () => undefined); // reported through 'exit'
    this.proc = proc;
    return proc;
  }

  private onData(chunk: Buffer): void {
    // A large blob arrives in many chunks: collect them and join once it is complete, instead of
    // copying the growing buffer on every chunk.
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.buffer.length + this.pendingBytes < this.needBytes) return;
    this.buffer = Buffer.concat([this.buffer, ...this.pending]);
    this.pending = [];
    this.pendingBytes = 0;
    this.needBytes = 0;
    for (;;) {
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.queue.shift()?.resolve(undefined);
        continue;
      }
      const [id, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (this.buffer.length < nl + 1 + size + 1) {
        this.needBytes = nl + 1 + size + 1;
        return; // wait for the rest of the content
      }
      const content = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.queue.shift()?.resolve({ id, type: type as GitObjectType, content });
    }
  }

  /** Any object name git understands (`HEAD`, `abc123^{tree}`, a full id); undefined when missing. */
  read(name: string): Promise<GitObject | undefined> {
    const hit = this.objects.get(name);
    if (hit) {
      // refresh LRU position
      this.objects.delete(name);
      this.objects.set(name, hit);
      return Promise.resolve(hit);
    }
    // Commits share most objects: a second request for one already on its way waits for that answer.
    const inflight = this.inflight.get(name);
    if (inflight) return inflight;
    if (this.failure) return Promise.reject(this.failure);
    if (/[\n\r]/.test(name)) return Promise.resolve(undefined);
    let proc: ChildProcessWithoutNullStreams;
    try {
      proc = this.start();
    } catch (e) {
      return Promise.reject(e);
    }
    const request = new Promise<GitObject | undefined>((resolve, reject) => {
      this.queue.push({ resolve, reject });
      proc.stdin.write(name + '\n');
    }).then(
      (o) => {
        this.inflight.delete(name);
        if (o && /^[0-9a-f]{40,64}$/.test(name)) this.remember(o);
        return o;
      },
      (e: unknown) => {
        this.inflight.delete(name);
        throw e;
      },
    );
    this.inflight.set(name, request);
    return request;
  }

  private remember(o: GitObject): void {
    if (o.content.length > this.maxCacheBytes / 4) return;
    this.objects.set(o.id, o);
    this.cachedBytes += o.content.length;
    for (const [k, v] of this.objects) {
      if (this.cachedBytes <= this.maxCacheBytes) break;
      this.objects.delete(k);
      this.cachedBytes -= v.content.length;
    }
  }

  /** The full id of a commit named by any revision expression. */
  async resolveCommit(rev: string): Promise<string | undefined> {
    const o = await this.read(`${rev}^{commit}`);
    if (!o) return undefined;
    this.idBytes = o.id.length === 64 ? 32 : 20;
    return o.id;
  }

  /** The root tree id of a commit. */
  async treeOfCommit(commit: string): Promise<string | undefined> {
    const o = await this.read(commit);
    if (!o || o.type !== 'commit') return undefined;
    const m = /^tree ([0-9a-f]+)/.exec(o.content.toString('latin1'));
    if (m) this.idBytes = m[1].length === 64 ? 32 : 20;
    return m?.[1];
  }

  /** A tree's entries by name (parsed once per tree id). */
  async tree(id: string): Promise<Map<string, TreeEntry> | undefined> {
    const cached = this.trees.get(id);
    if (cached) return cached;
    const o = await this.read(id);
    if (!o || o.type !== 'tree') return undefined;
    const entries = parseTree(o.content, this.idBytes);
    if (this.trees.size > 50_000) this.trees.clear();
    this.trees.set(id, entries);
    return entries;
  }

  /** Stops the cat-file process; pending reads are rejected. */
  dispose(): void {
    this.closed = true;
    const p = this.proc;
    this.proc = undefined;
    if (p) {
      p.stdin.end();
      p.kill();
    }
    const err = new Error('The git object store was closed.');
    for (const q of this.queue.splice(0)) q.reject(err);
  }
}

export function entryKind(mode: string): TreeEntry['kind'] {
  if (mode === '40000' || mode === '040000') return 'directory';
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return 'file';
}

/** Binary tree format: repeated `<mode> <name>\0<raw id>`. */
export function parseTree(content: Buffer, idBytes: number): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  let i = 0;
  while (i < content.length) {
    const sp = content.indexOf(32, i);
    const nul = content.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0) break;
    const mode = content.toString('latin1', i, sp);
    const name = content.toString('utf8', sp + 1, nul);
    const id = content.toString('hex', nul + 1, nul + 1 + idBytes);
    out.set(name, { name, mode, id, kind: entryKind(mode) });
    i = nul + 1 + idBytes;
  }
  return out;
}
