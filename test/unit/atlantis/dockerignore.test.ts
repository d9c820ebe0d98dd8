// The .dockerignore matcher against moby/patternmatcher's own test tables (transcribed into
// test/fixtures/atlantis/conformance/patternmatcher.json, origin and commit inside): the rules Atlantis applies
// to `when_modified`, `--autoplan-file-list` and module tracing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PatternError, PatternMatcher, cleanPath, dirPath, joinPath } from '../../../src/core/atlantis/dockerignore';

interface Case {
  patterns: string[];
  text: string;
  pass: boolean;
  badPattern?: boolean;
}
const table = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/atlantis/conformance/patternmatcher.json'), 'utf8')) as {
  matchesOrParentMatches: Case[];
  matches: Case[];
  badPatterns: string[][];
};

test('dockerignore: moby TestMatches table (MatchesOrParentMatches), every row', () => {
  const failures: string[] = [];
  for (const c of table.matchesOrParentMatches) {
    const got = PatternMatcher.create(c.patterns).matchesOrParentMatches(c.text);
    if (got !== c.pass) failures.push(`${JSON.stringify(c.patterns)} ~ ${JSON.stringify(c.text)}: got ${got}, want ${c.pass}`);
  }
  assert.equal(table.matchesOrParentMatches.length, 72);
  assert.deepEqual(failures, []);
});

// moby's package-level Matches(file, patterns): the file is cleaned first and '.' never matches.
function mobyMatches(file: string, patterns: string[]): boolean {
  const pm = PatternMatcher.create(patterns);
  const clean = cleanPath(file);
  return clean === '.' ? false : pm.matches(clean);
}

test('dockerignore: moby Matches tests and Go filepath.Match table (bad patterns are errors)', () => {
  const failures: string[] = [];
  for (const c of table.matches) {
    if (c.badPattern) {
      assert.throws(() => mobyMatches(c.text, c.patterns), PatternError, `${JSON.stringify(c.patterns)} should be a bad pattern`);
      continue;
    }
    const got = mobyMatches(c.text, c.patterns);
    if (got !== c.pass) failures.push(`${JSON.stringify(c.patterns)} ~ ${JSON.stringify(c.text)}: got ${got}, want ${c.pass}`);
  }
  assert.equal(table.matches.length, 63);
  assert.deepEqual(failures, []);
  for (const bad of table.badPatterns) assert.throws(() => PatternMatcher.create(bad), PatternError);
});

test('dockerignore: the older Matches rule looks at one parent only, MatchesOrParentMatches at all of them', () => {
  const pm = PatternMatcher.create(['**/b']);
  // Two pattern elements: Matches tries only the parent x/y, the newer rule tries x, x/y and x/y/b.
  assert.equal(pm.matches('x/y/b/c/d'), false);
  assert.equal(pm.matchesOrParentMatches('x/y/b/c/d'), true);
  assert.equal(PatternMatcher.create(['a']).matchesOrParentMatches('a/b/c'), true);
});

test('dockerignore: Go path helpers (Clean, Dir, Join) that Atlantis relies on', () => {
  assert.equal(cleanPath(''), '.');
  assert.equal(cleanPath('./a/../b/'), 'b');
  assert.equal(cleanPath('/'), '/');
  assert.equal(dirPath('dir/file/'), 'dir/file');
  assert.equal(dirPath('file'), '.');
  assert.equal(joinPath('project1', '../**/*.tf'), '**/*.tf');
  assert.equal(joinPath('.', '*.tf'), '*.tf');
  assert.equal(joinPath('.', '../modules/*.tf'), '../modules/*.tf');
});
