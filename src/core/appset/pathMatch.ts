// The two glob dialects the git generator uses. Directories: Go's path.Match (`*` and `?` stop at `/`,
// `[...]` classes, `\` escapes), applied to every directory of the repository. Files: the pathspec of
// `git ls-files -- PATTERN` (a wildcard matches across `/`, a plain path matches itself and everything
// below it), or, with Argo CD's new file globbing, doublestar (`**` for any depth).
import picomatch from 'picomatch';

export class BadPatternError extends Error {
  constructor(pattern: string) {
    super(`syntax error in pattern ${JSON.stringify(pattern)}`);
  }
}

/** Go's path.Match over one segment-free pattern piece; throws BadPatternError like ErrBadPattern. */
function goClassOrChar(pattern: string, i: number): { re: string; next: number } {
  const c = pattern[i];
  if (c === '\\') {
    if (i + 1 >= pattern.length) throw new BadPatternError(pattern);
    return { re: escapeRe(pattern[i + 1]), next: i + 2 };
  }
  if (c === '[') {
    let j = i + 1;
    let re = '[';
    if (pattern[j] === '^') {
      re += '^';
      j++;
    }
    let first = true;
    while (pattern[j] !== ']' || first) {
      if (j >= pattern.length) throw new BadPatternError(pattern);
      let lo = pattern[j];
      if (lo === '\\') lo = pattern[++j];
      if (lo === undefined) throw new BadPatternError(pattern);
      re += escapeRe(lo);
      j++;
      if (pattern[j] === '-' && pattern[j + 1] !== ']') {
        let hi = pattern[j + 1];
        j += 2;
        if (hi === '\\') hi = pattern[j++];
        if (hi === undefined) throw new BadPatternError(pattern);
        re += `-${escapeRe(hi)}`;
      }
      first = false;
    }
    return { re: `${re}]`, next: j + 1 };
  }
  return { re: escapeRe(c), next: i + 1 };
}

function escapeRe(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

const goCache = new Map<string, RegExp>();

/** path.Match(pattern, name). */
export function goPathMatch(pattern: string, name: string): boolean {
  let re = goCache.get(pattern);
  if (!re) {
    let src = '';
    for (let i = 0; i < pattern.length; ) {
      const c = pattern[i];
      if (c === '*') {
        src += '[^/]*';
        i++;
      } else if (c === '?') {
        src += '[^/]';
        i++;
      } else {
        const part = goClassOrChar(pattern, i);
        src += part.re;
        i = part.next;
      }
    }
    re = new RegExp(`^${src}$`, 's');
    goCache.set(pattern, re);
  }
  return re.test(name);
}

/** Whether a repo-relative directory could be, or lead to, a match of a path.Match pattern (for pruning walks). */
export function goPathCouldMatchBelow(pattern: string, dir: string): boolean {
  const pSegs = pattern.split('/');
  const dSegs = dir.split('/');
  if (dSegs.length > pSegs.length) return false;
  try {
    return dSegs.every((s, i) => goPathMatch(pSegs[i], s));
  } catch {
    return false;
  }
}

const GLOB_CHARS = /[*?[]/;

/** The literal directory a pattern's matches all live under ('' for the root). */
export function literalPrefixDir(pattern: string): string {
  const m = GLOB_CHARS.exec(pattern);
  const lit = m ? pattern.slice(0, m.index) : pattern;
  const slash = lit.lastIndexOf('/');
  return slash < 0 ? '' : lit.slice(0, slash);
}

const pathspecCache = new Map<string, (path: string) => boolean>();

/** `git ls-files -- pattern` membership for a repo-relative file path. */
export function gitPathspecMatcher(pattern: string, doublestar: boolean): (path: string) => boolean {
  const key = `${doublestar ? 'd' : 'g'}:${pattern}`;
  let m = pathspecCache.get(key);
  if (m) return m;
  if (doublestar) {
    m = picomatch(pattern, { dot: true });
  } else if (!GLOB_CHARS.test(pattern)) {
    const p = pattern.replace(/\/+$/, '');
    m = (path) => p === '' || path === p || path.startsWith(`${p}/`);
  } else {
    // wildmatch without WM_PATHNAME: `*` crosses directories, so `a/*` is every file below a/.
    let src = '';
    for (let i = 0; i < pattern.length; ) {
      const c = pattern[i];
      if (c === '*') {
        src += '.*';
        i++;
      } else if (c === '?') {
        src += '.';
        i++;
      } else if (c === '[') {
        const end = pattern.indexOf(']', i + 2);
        if (end < 0) {
          src += '\\[';
          i++;
        } else {
          const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
          src += `[${body}]`;
          i = end + 1;
        }
      } else {
        src += escapeRe(c === '\\' && i + 1 < pattern.length ? pattern[++i] : c);
        i++;
      }
    }
    const re = new RegExp(`^${src}$`, 's');
    m = (path) => re.test(path);
  }
  pathspecCache.set(key, m);
  return m;
}
