// Field paths as the plan prints them (`spec.template.spec.containers[name=web].image`,
// `metadata.labels["app.kubernetes.io/name"]`, `ports[containerPort=80]`) read back into segments, the
// inverse of core/diff/path.ts formatPath, so a clicked field can be found in its source file.
// No `vscode` import (unit-tested).
import { PathSegment } from '../../core/diff/types';

function keyValue(raw: string): unknown {
  if (raw.startsWith('"')) return JSON.parse(raw) as unknown;
  if (/^-?\d+(\.\d+)?$/.test(raw) || raw === 'true' || raw === 'false' || raw === 'null') return JSON.parse(raw) as unknown;
  return raw;
}

/** Splits `a=1,b="x,y"` at commas outside quotes. */
function keyParts(inner: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '"' && inner[i - 1] !== '\\') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Undefined when the text is not a path formatPath could have written. */
export function parseFieldPath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let i = 0;
  try {
    while (i < path.length) {
      if (path[i] === '.') {
        if (i === 0) return undefined;
        i++;
      }
      if (path[i] === '[') {
        if (path[i + 1] === '"') {
          // A quoted key: JSON string up to the closing quote that is not escaped.
          let j = i + 2;
          while (j < path.length && !(path[j] === '"' && path[j - 1] !== '\\')) j++;
          if (path[j + 1] !== ']') return undefined;
          out.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
          i = j + 2;
          continue;
        }
        let j = i + 1;
        let quoted = false;
        while (j < path.length && (quoted || path[j] !== ']')) {
          if (path[j] === '"' && path[j - 1] !== '\\') quoted = !quoted;
          j++;
        }
        if (j >= path.length) return undefined;
        const inner = path.slice(i + 1, j);
        if (/^\d+$/.test(inner)) out.push(Number(inner));
        else {
          const key: Record<string, unknown> = {};
          for (const part of keyParts(inner)) {
            const eq = part.indexOf('=');
            if (eq <= 0) return undefined;
            key[part.slice(0, eq)] = keyValue(part.slice(eq + 1));
          }
          out.push({ key });
        }
        i = j + 1;
        continue;
      }
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i));
      if (!m) return undefined;
      out.push(m[0]);
      i += m[0].length;
    }
  } catch {
    return undefined;
  }
  return out;
}
