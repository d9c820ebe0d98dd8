// `# reconcile-ignore RC1102` silences a rule: on the diagnostic's line (trailing comment), on a comment line
// directly above it, or, written among the comment lines at the top of a document, for the whole document.
// No code after the marker silences every rule at that place. Several codes: `RC1102, RC1104` or spaces.

const MARKER = 'reconcile-ignore';
const LINE = /#\s*reconcile-ignore\b([^\n#]*)/;

export interface Suppressions {
  /** Is `code` silenced for a diagnostic starting on `line` in the document spanning [docStartLine, docEndLine]? */
  isSuppressed(code: string, line: number, docStartLine: number): boolean;
}

const NONE: Suppressions = { isSuppressed: () => false };

function codesOf(rest: string): Set<string> | 'all' {
  const codes = rest.match(/RC\d{4}/gi);
  return codes && codes.length ? new Set(codes.map((c) => c.toUpperCase())) : 'all';
}

/** Reads the suppression comments of one file; cheap when the file has none (one indexOf). */
export function readSuppressions(text: string): Suppressions {
  if (!text.includes(MARKER)) return NONE;
  const lines = text.split('\n');
  const byLine = new Map<number, Set<string> | 'all'>();
  const commentOnly = new Set<number>();
  lines.forEach((l, i) => {
    const m = LINE.exec(l);
    if (!m) return;
    byLine.set(i, codesOf(m[1]));
    if (/^\s*#/.test(l)) commentOnly.add(i);
  });
  const matches = (set: Set<string> | 'all' | undefined, code: string) => set !== undefined && (set === 'all' || set.has(code));
  return {
    isSuppressed(code, line, docStartLine) {
      if (matches(byLine.get(line), code)) return true;
      // Comment lines directly above (skipping other comment lines).
      for (let l = line - 1; l >= 0 && /^\s*#/.test(lines[l] ?? ''); l--) {
        if (commentOnly.has(l) && matches(byLine.get(l), code)) return true;
      }
      // Comment lines at the head of the document: between the previous `---` (or file start) and its first content line.
      for (let l = docStartLine - 1; l >= 0; l--) {
        const text = lines[l] ?? '';
        if (/^---/.test(text)) break;
        if (!/^\s*(#.*)?$/.test(text)) break;
        if (commentOnly.has(l) && matches(byLine.get(l), code)) return true;
      }
      return false;
    },
  };
}
