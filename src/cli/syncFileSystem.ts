// The core's FileSystem over Node's synchronous fs, for CLI runs. A command-line run has nothing else to do while
// a file is read, and each promise-based read is four trips through libuv's thread pool (open, stat, read, close)
// with an event-loop turn between them: on a busy 2-core machine those turns were ~40% of the cold scan's wall
// time (the CPU profile's "idle"). The editor keeps the asynchronous one (its extension host must stay responsive).
import * as fs from 'fs';
import { FileSystem } from '../core/types';

type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export const syncFileSystem: FileSystem = {
  readFile: async (path) => fs.readFileSync(path),
  async readDirectory(path) {
    return fs.readdirSync(path, { withFileTypes: true }).map((e) => ({
      name: e.name,
      type: (e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other') as EntryType,
    }));
  },
  async stat(path) {
    const s = fs.statSync(path);
    return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other', size: s.size };
  },
  realPath: async (path) => fs.realpathSync.native(path),
};
