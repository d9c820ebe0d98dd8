// The pull/merge request a commit came from, as far as its message tells: GitHub and Gitea merge
// commits ("Merge pull request #12 from ..."), squash merges ("Title (#12)"), GitLab merge commits
// ("See merge request group/project!7"), Bitbucket ("Merged in branch (pull request #5)").

export interface PullRequestRef {
  /** `pull` for GitHub/Gitea/Bitbucket style numbers, `merge-request` for GitLab `!N`. */
  kind: 'pull' | 'merge-request';
  number: number;
  /** GitLab names the project (`group/project!7`) when the request is in another one. */
  project?: string;
  /** The text it was read from. */
  text: string;
}

export function parsePullRequestRef(message: string): PullRequestRef | undefined {
  const subject = message.split('\n', 1)[0];
  let m = /^Merge pull request #(\d+)\b/.exec(subject);
  if (m) return { kind: 'pull', number: Number(m[1]), text: m[0] };
  m = /\(pull request #(\d+)\)/.exec(subject);
  if (m) return { kind: 'pull', number: Number(m[1]), text: m[0] };
  m = /^See merge request ([\w./-]*)!(\d+)\s*$/m.exec(message);
  if (m) return { kind: 'merge-request', number: Number(m[2]), project: m[1] || undefined, text: m[0].trim() };
  m = /\(#(\d+)\)\s*$/.exec(subject);
  if (m) return { kind: 'pull', number: Number(m[1]), text: m[0].trim() };
  m = /^Merge branch '[^']+' into [^\n]+\n[\s\S]*?(?:^|\s)!(\d+)\b/m.exec(message);
  if (m) return { kind: 'merge-request', number: Number(m[1]), text: `!${m[1]}` };
  return undefined;
}
