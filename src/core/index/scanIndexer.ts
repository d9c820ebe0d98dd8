// What a full scan may hand to another indexer (the CLI's worker-thread pool): the files to read and index, and
// what comes back for each. Outcomes are plain data (they cross a worker boundary by structured clone) and carry
// exactly what the in-process path of RepositoryIndex.indexPath would have produced, so the index is the same.
import { FileContext } from './classify';
import { FileIndexResult, indexFileText, looksBinary } from './fileIndexer';

export interface ScanFileRequest {
  /** Repo-relative path: the name the index keeps. */
  path: string;
  /** Absolute path to read (discovery already confined it to the repository). */
  abs: string;
  /** Size from discovery, for batching. */
  size: number;
  ctx: FileContext;
}

export type ScanFileOutcome =
  | { kind: 'indexed'; result: FileIndexResult }
  | { kind: 'binary'; size: number }
  | { kind: 'unreadable'; message: string };

/** Results of one scan's files, asked for in the order they were requested. */
export interface ScanFileResults {
  /** File `i`'s outcome; undefined when it must be indexed in process (its worker failed). */
  outcome(i: number): Promise<ScanFileOutcome | undefined>;
  /** Stops whatever is still running (also called after the last outcome). */
  close(): void;
}

export interface ScanFileIndexer {
  /** Starts indexing `files`; undefined when they are better indexed in process (too few, say). */
  start(files: ScanFileRequest[], repoUrls: Set<string>): ScanFileResults | undefined;
}

const decoder = new TextDecoder('utf-8');

/** One file, read and indexed as the in-process scan does it (read errors and binary files included). */
export function indexReadFile(request: ScanFileRequest, read: (abs: string) => Uint8Array, repoUrls: Set<string>): Promise<ScanFileOutcome> | ScanFileOutcome {
  let bytes: Uint8Array;
  try {
    bytes = read(request.abs);
  } catch (e) {
    return { kind: 'unreadable', message: e instanceof Error ? e.message : String(e) };
  }
  if (looksBinary(bytes)) return { kind: 'binary', size: bytes.length };
  return indexFileText(request.path, decoder.decode(bytes), request.ctx, { repoUrls }).then((result) => ({ kind: 'indexed', result }));
}
