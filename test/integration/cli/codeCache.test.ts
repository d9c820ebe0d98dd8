// The V8 code cache of the CLI's chunks (src/cli/codeCache.ts, made at build time by scripts/cli-code-cache.ts)
// must never change what the CLI does: a valid cache, a damaged one, one made for another bundle or under other
// V8 flags, and none at all give the same output, and the unusable ones are skipped without a word.
//
// Two levels: a small bundle made here (a chunk loaded through `require`, like webpack's runtime does), fast, with
// each case's path traced; and the real CLI bundle (webpack --config-name cli into a temp dir, or a copy of
// RECONCILE_TEST_CLI_DIST when set to a built dist/ with schemas) running `validate` on a vendored corpus.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { after, before, describe, it } from 'node:test';
import { produceCodeCache } from '../../../scripts/cli-code-cache';
import { PROJECT_ROOT } from '../../support/cli';
import { CORPUS, schemaDir } from '../../unit/validate/schemaDir';

const CODE_CACHE_TS = path.join(PROJECT_ROOT, 'src', 'cli', 'codeCache.ts');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Flips bytes of the V8 data (after the key line), leaving the key line and the length as they were. */
function damage(cacheFile: string): void {
  const bytes = fs.readFileSync(cacheFile);
  const start = bytes.indexOf(10) + 1 + 64;
  for (let i = start; i < bytes.length; i += 7) bytes[i] ^= 0x5a;
  fs.writeFileSync(cacheFile, bytes);
}

// A chunk with enough code for V8 to cache (functions called during the run are compiled lazily, then cached).
const chunkSource = (word: string): string =>
  [
    '"use strict";',
    `function spell(n) { let s = ''; for (let i = 0; i < n; i++) s += '${word}'.charAt(i % 4); return s; }`,
    'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
    'exports.run = () => JSON.stringify({ spell: spell(10), fib: fib(20), sorted: [5, 3, 9, 1].sort((a, b) => a - b) });',
    'exports.fail = () => {',
    "  throw new Error('from the chunk');",
    '};',
    '',
  ].join('\n');

// The loader as plain JavaScript (not through tsx, which turns source maps on: the loader then stands aside).
const ENTRY = [
  "require('./codeCache.js').installCodeCache(__dirname);",
  "const chunk = require('./cli.7.js');",
  "if (process.argv[2] === 'fail') { try { chunk.fail(); } catch (e) { process.stdout.write(e.stack); } }",
  'else process.stdout.write(chunk.run());',
  '',
].join('\n');

describe('code cache of a bundle chunk (small bundle)', () => {
  let dir: string;
  const cli = (args: string[] = [], env: Record<string, string> = {}, nodeArgs: string[] = []): Run => run([...nodeArgs, path.join(dir, 'cli.js'), ...args], dir, env);
  const cacheFile = (): string => path.join(dir, 'cli.7.js.cache');
  const produce = (nodeArgs: string[] = []): void => {
    fs.rmSync(cacheFile(), { force: true });
    const r = cli([], { RECONCILE_CODE_CACHE_PRODUCE: '1' }, nodeArgs);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(cacheFile()));
  };
  const expected = JSON.stringify({ spell: 'aaaaaaaaaa', fib: 6765, sorted: [1, 3, 5, 9] });

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-code-cache-')));
    fs.writeFileSync(path.join(dir, 'cli.js'), ENTRY);
    const loader = ts.transpileModule(fs.readFileSync(CODE_CACHE_TS, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    fs.writeFileSync(path.join(dir, 'codeCache.js'), loader.outputText);
    fs.writeFileSync(path.join(dir, 'cli.7.js'), chunkSource('aaaa'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without a cache file: Node compiles the chunk, nothing is written', () => {
    fs.rmSync(cacheFile(), { force: true });
    assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }), { status: 0, signal: null, stdout: expected, stderr: 'code cache cli.7.js: none\n' });
    assert.deepEqual(cli(), { status: 0, signal: null, stdout: expected, stderr: '' });
    assert.ok(!fs.existsSync(cacheFile()), 'a cache was written at run time');
  });

  it('a cache made by a run is used by the next, with the same output', () => {
    produce();
    const key = fs.readFileSync(cacheFile(), 'utf8').split('\n')[0];
    assert.match(key, new RegExp(`"node":"${process.version}"`));
    const before = fs.readFileSync(cacheFile());
    assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }), { status: 0, signal: null, stdout: expected, stderr: 'code cache cli.7.js: used\n' });
    assert.deepEqual(cli(), { status: 0, signal: null, stdout: expected, stderr: '' });
    assert.ok(fs.readFileSync(cacheFile()).equals(before), 'the cache changed at run time');
  });

  it('damaged data is not handed to V8 (it would abort the process): normal compile, same output', () => {
    produce();
    damage(cacheFile());
    assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }), { status: 0, signal: null, stdout: expected, stderr: 'code cache cli.7.js: none\n' });
    assert.deepEqual(cli(), { status: 0, signal: null, stdout: expected, stderr: '' });
    fs.writeFileSync(cacheFile(), 'not a cache');
    assert.deepEqual(cli(), { status: 0, signal: null, stdout: expected, stderr: '' });
  });

  it('a cache from another build of the chunk, even of the same length (V8 checks only the length), is not used', () => {
    produce();
    const rebuilt = chunkSource('bbbb');
    assert.equal(rebuilt.length, chunkSource('aaaa').length);
    fs.writeFileSync(path.join(dir, 'cli.7.js'), rebuilt);
    try {
      const other = JSON.stringify({ spell: 'bbbbbbbbbb', fib: 6765, sorted: [1, 3, 5, 9] });
      assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }), { status: 0, signal: null, stdout: other, stderr: 'code cache cli.7.js: none\n' });
      assert.deepEqual(cli(), { status: 0, signal: null, stdout: other, stderr: '' });
    } finally {
      fs.writeFileSync(path.join(dir, 'cli.7.js'), chunkSource('aaaa'));
    }
  });

  it('a cache made under other V8 flags is rejected by V8: normal compile, same output', () => {
    produce(['--no-lazy-feedback-allocation']);
    assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }), { status: 0, signal: null, stdout: expected, stderr: 'code cache cli.7.js: rejected\n' });
    assert.deepEqual(cli(), { status: 0, signal: null, stdout: expected, stderr: '' });
  });

  it('stack traces name the chunk file and line, cache used or not', () => {
    produce();
    const line = chunkSource('aaaa').split('\n').findIndex((l) => l.includes('from the chunk')) + 1;
    const where = `${path.join(dir, 'cli.7.js')}:${line}:`;
    const cached = cli(['fail'], { RECONCILE_CODE_CACHE_TRACE: '1' });
    assert.equal(cached.stderr, 'code cache cli.7.js: used\n');
    assert.ok(cached.stdout.includes(where), cached.stdout);
    fs.rmSync(cacheFile());
    const plain = cli(['fail']);
    assert.ok(plain.stdout.includes(where), plain.stdout);
  });

  it('with --enable-source-maps the chunk is left to Node (which maps only what its loader compiled)', () => {
    produce();
    assert.deepEqual(cli([], { RECONCILE_CODE_CACHE_TRACE: '1' }, ['--enable-source-maps']), { status: 0, signal: null, stdout: expected, stderr: '' });
  });
});

describe('code cache of the built CLI bundle', () => {
  let work: string;
  let dist: string;
  let repo: string;
  let chunks: string[];

  before(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-code-cache-cli-')));
    dist = path.join(work, 'dist');
    const prebuilt = process.env.RECONCILE_TEST_CLI_DIST;
    if (prebuilt) {
      fs.cpSync(prebuilt, dist, { recursive: true });
    } else {
      const webpack = require.resolve('webpack-cli/bin/cli.js', { paths: [PROJECT_ROOT] });
      const b = run([webpack, '--mode', 'production', '--config-name', 'cli', '--output-path', dist], PROJECT_ROOT);
      assert.equal(b.status, 0, `${b.stdout}\n${b.stderr}`);
    }
    if (!fs.existsSync(path.join(dist, 'schemas'))) fs.cpSync(schemaDir(), path.join(dist, 'schemas'), { recursive: true });
    repo = path.join(work, 'repo');
    fs.cpSync(CORPUS, repo, { recursive: true });
    const made = produceCodeCache(dist, path.join(CORPUS, 'cert-manager__cert-manager'));
    assert.ok(made.ok, made.ok ? '' : made.error);
    chunks = made.files.map((f) => f.replace(/\.cache$/, ''));
    fs.mkdirSync(path.join(work, 'valid'));
    for (const c of chunks) fs.copyFileSync(path.join(dist, `${c}.cache`), path.join(work, 'valid', `${c}.cache`));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const setCaches = (make: (chunk: string, i: number) => Buffer | undefined): void => {
    chunks.forEach((c, i) => {
      const file = path.join(dist, `${c}.cache`);
      const bytes = make(c, i);
      if (bytes) fs.writeFileSync(file, bytes);
      else fs.rmSync(file, { force: true });
    });
  };
  const valid = (chunk: string): Buffer => fs.readFileSync(path.join(work, 'valid', `${chunk}.cache`));
  const validate = (args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Run => run([...nodeArgs, path.join(dist, 'cli.js'), 'validate', '--jobs', '1', ...args, '.'], repo, env);
  const trace = (nodeArgs: string[] = []): string[] =>
    validate([], { RECONCILE_CODE_CACHE_TRACE: '1' }, nodeArgs)
      .stderr.split('\n')
      .filter((l) => l.startsWith('code cache '))
      .sort();

  it('a run with the build-time cache uses it for every chunk validate loads, and prints the same bytes as without', () => {
    assert.ok(chunks.length >= 3, chunks.join(', '));
    for (const format of ['text', 'json', 'sarif']) {
      setCaches(() => undefined);
      const plain = validate(['--format', format]);
      assert.ok(plain.status === 0 || plain.status === 1, plain.stderr);
      assert.ok(plain.stdout.length > 100);
      setCaches(valid);
      assert.deepEqual(validate(['--format', format]), plain, format);
    }
    assert.deepEqual(trace(), chunks.map((c) => `code cache ${c}: used`).sort());
  });

  it('damaged caches, caches of other chunks and caches made under other V8 flags: same bytes, nothing extra said', () => {
    setCaches(() => undefined);
    const plain = validate(['--format', 'json']);
    // Damaged: would abort the process if V8 read it.
    setCaches((c) => {
      const file = path.join(work, 'damaged');
      fs.writeFileSync(file, valid(c));
      damage(file);
      return fs.readFileSync(file);
    });
    assert.deepEqual(validate(['--format', 'json']), plain, 'damaged');
    assert.deepEqual(trace(), chunks.map((c) => `code cache ${c}: none`).sort());
    // Another bundle's: each chunk given the cache of the next one.
    setCaches((_c, i) => valid(chunks[(i + 1) % chunks.length]));
    assert.deepEqual(validate(['--format', 'json']), plain, 'other chunks');
    assert.deepEqual(trace(), chunks.map((c) => `code cache ${c}: none`).sort());
    // Other flags: the key matches, V8 rejects the data itself.
    setCaches(valid);
    const flags = ['--no-lazy-feedback-allocation'];
    assert.deepEqual(validate(['--format', 'json'], {}, flags), plain, 'other flags');
    assert.deepEqual(trace(flags), chunks.map((c) => `code cache ${c}: rejected`).sort());
  });
});
