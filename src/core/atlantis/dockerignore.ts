// `.dockerignore` pattern semantics, as Atlantis uses them for `when_modified`, `--autoplan-file-list` and module
// tracing: moby/patternmatcher's rules re-implemented from its documented behaviour and its test tables (see
// test/unit/atlantis/dockerignore.test.ts). Patterns are evaluated in order, a later `!pattern` takes a match
// back, `*` and `?` stop at `/`, `**` crosses directories, and a pattern that matches a parent directory matches
// every file below it. Neither `ignore` (gitignore: unanchored patterns match at any depth) nor `picomatch`
// (no parent-directory rule) behave this way.
import { posix } from 'node:path';

export class PatternError extends Error {
  constructor(readonly pattern: string, message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

/** Go's path.Clean for slash-separated paths: '' → '.', no trailing slash, `..` resolved lexically. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const n = posix.normalize(p);
  if (n === '/') return '/';
  const trimmed = n.replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** Go's path.Dir: everything before the last '/', cleaned (`dir/file/` → `dir/file`, unlike Node's dirname). */
export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

/** Go's filepath.Join: the non-empty elements joined with '/', then cleaned. */
export function joinPath(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length ? cleanPath(parts.join('/')) : '';
}

/**
 * Go's filepath.Match syntax check (moby validates every pattern with it): a `[` class must close, must not
 * start with `]` or an unescaped `-`, ranges take one character each side, and a trailing `\` escapes nothing.
 */
export function goGlobSyntaxError(pattern: string): string | undefined {
  let i = 0;
  const n = pattern.length;
  // One class character, possibly escaped; false when it is missing or not allowed here.
  const classChar = (): boolean => {
    if (i >= n) return false;
    const ch = pattern[i];
    if (ch === '-' || ch === ']') return false;
    if (ch === '\\') {
      i++;
      if (i >= n) return false;
    }
    i++;
    return true;
  };
  while (i < n) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (i + 1 >= n) return 'trailing backslash';
      i += 2;
    } else if (ch === '[') {
      i++;
      if (pattern[i] === '^') i++;
      let ranges = 0;
      for (;;) {
        if (i < n && pattern[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        if (!classChar()) return 'malformed character class';
        if (pattern[i] === '-') {
          i++;
          if (!classChar()) return 'malformed character range';
        }
        ranges++;
      }
    } else i++;
  }
  return undefined;
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

// Regex metacharacters that mean nothing in a filepath pattern (moby escapes the same set).
const ESCAPE = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

class Pattern {
  readonly dirs: string[];
  private type: MatchType = 'exact';
  private re: RegExp | undefined;

  constructor(readonly cleaned: string, readonly exclusion: boolean, readonly source: string) {
    this.dirs = cleaned.split('/');
    this.compile();
  }

  private compile(): void {
    const p = this.cleaned;
    let re = '^';
    let type: MatchType = 'exact';
    for (let i = 0; i < p.length; i++) {
      const ch = p[i];
      if (ch === '*') {
        if (p[i + 1] === '*') {
          const first = i === 0;
          i++;
          if (p[i + 1] === '/') i++; // `**/` is `**`
          if (i + 1 >= p.length) {
            // A trailing `**` accepts everything below, as in .gitignore.
            if (type === 'exact') type = 'prefix';
            else {
              re += '.*';
              type = 'regexp';
            }
          } else {
            re += '(.*/)?';
            type = 'regexp';
          }
          if (first) type = 'suffix';
        } else {
          re += '[^/]*';
          type = 'regexp';
        }
      } else if (ch === '?') {
        re += '[^/]';
        type = 'regexp';
      } else if (ESCAPE.has(ch)) re += '\\' + ch;
      else if (ch === '\\') {
        if (i + 1 < p.length) {
          re += '\\' + p[++i];
          type = 'regexp';
        } else re += '\\\\';
      } else if (ch === '[' || ch === ']') {
        re += ch;
        type = 'regexp';
      } else re += ch;
    }
    this.type = type;
    if (type !== 'regexp') return;
    try {
      this.re = new RegExp(re + '$');
    } catch {
      throw new PatternError(this.cleaned, `invalid pattern "${this.cleaned}"`);
    }
  }

  match(path: string): boolean {
    switch (this.type) {
      case 'exact':
        return path === this.cleaned;
      case 'prefix':
        return path.startsWith(this.cleaned.slice(0, -2));
      case 'suffix': {
        const suffix = this.cleaned.slice(2);
        if (path.endsWith(suffix)) return true;
        // `**/foo` matches `foo` itself
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      case 'regexp':
        return this.re!.test(path);
    }
  }
}

export class PatternMatcher {
  private constructor(private readonly patterns: Pattern[]) {}

  /** Throws PatternError for `!` alone or a malformed pattern, as Atlantis rejects them. */
  static create(patterns: readonly string[]): PatternMatcher {
    const out: Pattern[] = [];
    for (const raw of patterns) {
      let p = raw.trim();
      if (p === '') continue;
      p = cleanPath(p);
      let exclusion = false;
      if (p[0] === '!') {
        if (p.length === 1) throw new PatternError(raw, 'illegal exclusion pattern: "!"');
        exclusion = true;
        p = p.slice(1);
      }
      const bad = goGlobSyntaxError(p);
      if (bad) throw new PatternError(raw, `syntax error in pattern "${raw}": ${bad}`);
      out.push(new Pattern(p, exclusion, raw));
    }
    return new PatternMatcher(out);
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** The matching rule Atlantis uses for `when_modified` and the autoplan file list: a matching parent directory counts. */
  matchesOrParentMatches(file: string): boolean {
    return this.deciding(file) !== undefined;
  }

  /** The pattern (as written) that made `file` match under matchesOrParentMatches, or undefined when it does not match. */
  deciding(file: string): string | undefined {
    return this.evaluate(file, (pattern, parentDirs) => {
      for (let i = 0; i < parentDirs.length; i++) if (pattern.match(parentDirs.slice(0, i + 1).join('/'))) return true;
      return false;
    });
  }

  /** moby's older rule (Atlantis still uses it to pick projects for module tracing): only the parent at the pattern's depth. */
  matches(file: string): boolean {
    return this.evaluate(file, (pattern, parentDirs) => pattern.dirs.length <= parentDirs.length && pattern.match(parentDirs.slice(0, pattern.dirs.length).join('/'))) !== undefined;
  }

  private evaluate(file: string, parentMatch: (pattern: Pattern, parentDirs: string[]) => boolean): string | undefined {
    let decidedBy: Pattern | undefined;
    const parent = dirPath(file);
    const parentDirs = parent.split('/');
    for (const pattern of this.patterns) {
      // An inclusion cannot change a match, an exclusion cannot change a non-match.
      if (pattern.exclusion !== (decidedBy !== undefined)) continue;
      let match = pattern.match(file);
      if (!match && parent !== '.') match = parentMatch(pattern, parentDirs);
      if (match) decidedBy = pattern.exclusion ? undefined : pattern;
    }
    return decidedBy?.source;
  }
}
