// How history entries read in the view (label, description, tooltip), the diff editor's title and the
// forge's web address of a commit. Pure functions, unit-tested without VS Code.
import type { HistoryEntry } from '../../core/history/objectHistory';
import type { HistoryObject, HistoryTarget } from '../../core/history/objectState';
import type { ForgeTarget } from '../../core/sync/forge/detect';

const UNITS: Array<[string, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "just now"; dates in the future (clock skew) read as "just now". */
export function relativeDate(iso: string, now: Date = new Date()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = Math.floor((now.getTime() - t) / 1000);
  for (const [unit, size] of UNITS) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

export const shortHash = (commit: string): string => commit.slice(0, 7);

export function objectLabel(t: HistoryTarget): string {
  return `${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
}

export function entryLabel(e: HistoryEntry): string {
  return `${shortHash(e.commit)} ${e.subject}`;
}

const CHANGE_WORDS: Record<HistoryEntry['change'], string> = {
  modified: '',
  added: 'added',
  removed: 'removed',
  'render-broken': 'render broke',
  'render-fixed': 'render fixed',
};

export function entryDescription(e: HistoryEntry, now?: Date): string {
  const pr = e.pullRequest ? ` · ${e.pullRequest.kind === 'pull' ? '#' : '!'}${e.pullRequest.number}` : '';
  const change = CHANGE_WORDS[e.change] ? ` · ${CHANGE_WORDS[e.change]}` : '';
  return `${e.author}, ${relativeDate(e.date, now)}${pr}${change}`;
}

/** Plain-text tooltip lines: the full message, who and when, the changed fields and the closure files the commit touched. */
export function entryTooltip(e: HistoryEntry): string {
  const out = [e.message.trim(), '', `${e.commit}`, `${e.author} <${e.authorEmail}>, ${e.date}`];
  if (e.change !== 'modified') out.push(`Change: ${e.change}${e.renderError ? ` (${e.renderError})` : ''}`);
  if (e.paths.length) out.push('', 'Changed fields:', ...e.paths.map((p) => `  ${p}`));
  if (e.files.length) out.push('', 'Paths changed:', ...e.files.map((f) => `  ${f}`));
  return out.join('\n');
}

/** Title of the diff editor for one entry. */
export function diffTitle(target: HistoryTarget, commit: string): string {
  return `${target.kind}/${target.name} @ ${shortHash(commit)} (before ↔ after)`;
}

/** The line above the entries: what is shown and how much was looked at. */
export function pageSummary(object: HistoryObject, entries: number, scanned: number, more: boolean): string {
  const from = object.app === '' ? '.' : object.app;
  const changes = `${entries} change${entries === 1 ? '' : 's'}`;
  return `${objectLabel(object)} (rendered from ${from}): ${changes} in ${scanned} commit${scanned === 1 ? '' : 's'} scanned${more ? ', more available' : ''}`;
}

/** The forge's page of one commit; each forge spells the path differently. */
export function commitUrl(forge: ForgeTarget, commit: string): string {
  const base = `${forge.webUrl.replace(/\/+$/, '')}/${forge.repoPath}`;
  switch (forge.kind) {
    case 'gitlab':
      return `${base}/-/commit/${commit}`;
    case 'bitbucket':
      return `${base}/commits/${commit}`;
    default:
      return `${base}/commit/${commit}`;
  }
}
