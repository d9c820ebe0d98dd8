// The git generator's two glob dialects, against what Go's path.Match and `git ls-files -- PATTERN` answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadPatternError, gitPathspecMatcher, goPathMatch, literalPrefixDir } from '../../../src/core/appset/pathMatch';

describe('Go path.Match (git directories)', () => {
  it('stars and question marks stop at a slash; there is no **', () => {
    assert.equal(goPathMatch('apps/*', 'apps/web'), true);
    assert.equal(goPathMatch('apps/*', 'apps/web/overlays'), false);
    assert.equal(goPathMatch('apps/**', 'apps/web/overlays'), false);
    assert.equal(goPathMatch('*', 'apps'), true);
    assert.equal(goPathMatch('ap?s/w?b', 'apps/web'), true);
    assert.equal(goPathMatch('ap?s', 'ap/s'), false);
  });
  it('character classes, negation and escapes, as in the Argo CD docs example /d/[f|g]', () => {
    assert.equal(goPathMatch('d/[f|g]', 'd/f'), true);
    assert.equal(goPathMatch('d/[f|g]', 'd/|'), true);
    assert.equal(goPathMatch('d/[f|g]', 'd/e'), false);
    assert.equal(goPathMatch('d/[^e]', 'd/f'), true);
    assert.equal(goPathMatch('d/[a-c]x', 'd/bx'), true);
    assert.equal(goPathMatch('d/\\*', 'd/*'), true);
    assert.equal(goPathMatch('d/\\*', 'd/x'), false);
  });
  it('a malformed pattern is ErrBadPattern', () => {
    assert.throws(() => goPathMatch('apps/[a-', 'apps/a'), BadPatternError);
    assert.throws(() => goPathMatch('apps\\', 'apps'), BadPatternError);
  });
});

describe('git ls-files pathspec (git files)', () => {
  it('a wildcard crosses directories; a plain path matches itself and what is below it', () => {
    const m = gitPathspecMatcher('cluster-config/*/config.json', false);
    assert.equal(m('cluster-config/dev/config.json'), true);
    assert.equal(m('cluster-config/eu/dev/config.json'), true);
    assert.equal(m('cluster-config/dev/other.json'), false);
    const plain = gitPathspecMatcher('cluster-config', false);
    assert.equal(plain('cluster-config/dev/config.json'), true);
    assert.equal(plain('cluster-configs/x.json'), false);
  });
  it('with new globbing, * stays in one directory and ** crosses any number', () => {
    assert.equal(gitPathspecMatcher('c/*/config.json', true)('c/a/b/config.json'), false);
    assert.equal(gitPathspecMatcher('c/**/config.json', true)('c/a/b/config.json'), true);
    assert.equal(gitPathspecMatcher('c/**/config.json', true)('c/config.json'), true);
  });
  it('walks start below the literal prefix', () => {
    assert.equal(literalPrefixDir('cluster-config/**/config.json'), 'cluster-config');
    assert.equal(literalPrefixDir('apps/a*/x'), 'apps');
    assert.equal(literalPrefixDir('*.json'), '');
  });
});
