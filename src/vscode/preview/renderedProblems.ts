// Findings on a preview's rendered output, as Problems at their source lines. Each open preview owns
// its findings; a file's problems are the union over the previews that render it (a shared base can
// be wrong in one overlay only), each message saying which rendered app it comes from. A preview that
// closes, or whose render fails, takes its problems away. No `vscode` import (unit-tested); the
// adapter in renderedDiagnostics.ts publishes `forFile` into a DiagnosticCollection.
import type { PreviewFinding } from '../../webview/protocol';

export interface RenderedProblem {
  /** Repo-relative. */
  file: string;
  /** 0-based. */
  line: number;
  severity: PreviewFinding['severity'];
  code: string;
  message: string;
}

export class RenderedProblems {
  private readonly byPreview = new Map<string, { app: string; findings: PreviewFinding[] }>();

  private filesOf(key: string): Set<string> {
    return new Set((this.byPreview.get(key)?.findings ?? []).map((f) => f.file));
  }

  /** Replaces what preview `key` (rendering `app`) found; returns the files whose problems may have changed. */
  set(key: string, app: string, findings: PreviewFinding[]): string[] {
    const files = this.filesOf(key);
    if (findings.length) this.byPreview.set(key, { app, findings });
    else this.byPreview.delete(key);
    for (const f of findings) files.add(f.file);
    return [...files];
  }

  /** The preview closed (or no longer renders): its problems go. */
  delete(key: string): string[] {
    const files = [...this.filesOf(key)];
    this.byPreview.delete(key);
    return files;
  }

  forFile(file: string): RenderedProblem[] {
    const out: RenderedProblem[] = [];
    for (const { app, findings } of this.byPreview.values()) {
      for (const f of findings) {
        if (f.file !== file) continue;
        out.push({ file, line: Math.max(0, f.line - 1), severity: f.severity, code: f.code, message: `[rendered app ${app}] ${f.message} (${f.object})` });
      }
    }
    return out.sort((a, b) => a.line - b.line || a.message.localeCompare(b.message));
  }
}
