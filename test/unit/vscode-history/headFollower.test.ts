// The Object History view follows HEAD: a burst of watcher events after a real commit refreshes once;
// events that leave HEAD where it was (a fetch moving remote refs) or an idle view refresh nothing;
// the git dirs to watch are git's own (a linked worktree's HEAD is not in `<root>/.git`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gitDirsOf, headReader, HeadFollower, Subscribe } from '../../../src/vscode/history/headFollower';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A stand-in for a FileSystemWatcher: `fire()` is what VS Code does on a file event. */
function fakeWatcher() {
  const listeners = new Set<() => void>();
  const on: Subscribe = (l) => {
    listeners.add(l);
    return { dispose: () => listeners.delete(l) };
  };
  return { on, fire: () => listeners.forEach((l) => l()), count: () => listeners.size };
}

function commit(dir: string, file: string, text: string): void {
  fs.writeFileSync(path.join(dir, file), text);
  git(dir, 'add', file);
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@reconcile.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', `edit ${file}`);
}

describe('HeadFollower', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-head-'));
    dir = path.join(root, 'repo');
    git(root, 'init', '-q', '-b', 'main', dir);
    commit(dir, 'a.yaml', 'a: 1\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refreshes once after a burst of events for a new commit, and only when the view shows something', async () => {
    const w = fakeWatcher();
    let refreshes = 0;
    let showing = true;
    let reads = 0;
    const read = headReader(dir);
    const f = new HeadFollower({ events: [w.on], readHead: () => (reads++, read()), isShowing: () => showing, refresh: () => refreshes++, delayMs: 30 });
    try {
      await f.idle; // the HEAD the view was computed from
      commit(dir, 'a.yaml', 'a: 2\n');
      for (let i = 0; i < 6; i++) w.fire();
      await f.idle;
      assert.equal(refreshes, 1);
      assert.equal(reads, 2, 'the burst is debounced into one look at HEAD (after the first)');
      // A fetch rewrites refs but not HEAD.
      git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
      w.fire();
      await f.idle;
      assert.equal(refreshes, 1, 'HEAD did not move');
      showing = false;
      commit(dir, 'a.yaml', 'a: 3\n');
      w.fire();
      await f.idle;
      assert.equal(refreshes, 1, 'nothing shown, nothing to refresh');
      showing = true;
      git(dir, 'checkout', '-q', '-b', 'other', 'HEAD~1');
      w.fire();
      await f.idle;
      assert.equal(refreshes, 2, 'a checkout moves HEAD too');
    } finally {
      f.dispose();
    }
    assert.equal(w.count(), 0, 'dispose unsubscribes');
  });

  it('a pending refresh is dropped on dispose', async () => {
    const w = fakeWatcher();
    let refreshes = 0;
    const f = new HeadFollower({ events: [w.on], readHead: headReader(dir), isShowing: () => true, refresh: () => refreshes++, delayMs: 30 });
    await f.idle;
    commit(dir, 'b.yaml', 'b: 1\n');
    w.fire();
    f.dispose();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(refreshes, 0);
  });

  it('watches the git dirs git reports, also for a linked worktree', async () => {
    assert.deepEqual(await gitDirsOf(dir), { gitDir: fs.realpathSync(path.join(dir, '.git')), commonDir: path.join(dir, '.git') });
    const wt = path.join(root, 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', wt);
    const dirs = await gitDirsOf(wt);
    assert.ok(dirs);
    assert.equal(fs.realpathSync(dirs.commonDir), fs.realpathSync(path.join(dir, '.git')));
    assert.ok(fs.existsSync(path.join(dirs.gitDir, 'HEAD')) && dirs.gitDir !== dirs.commonDir);
    assert.equal(await gitDirsOf(root), undefined, 'not a repository');
  });
});
