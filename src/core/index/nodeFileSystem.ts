// The core's FileSystem over Node's fs, for the CLI, tests and benchmarks.
import { promises as fsp } from 'fs';
import { FileSystem } from '../types';

export const nodeFileSystem: FileSystem = {
  readFile: (path) => fsp.readFile(path),
  async readDirectory(path) {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({
      name: e.name,
      type: e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other',
    }));
  },
  async stat(path) {
    const s = await fsp.stat(path);
    return { type: s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other', size: s.size };
  },
  realPath: (path) => fsp.realpath(path),
};
