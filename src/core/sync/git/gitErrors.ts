// Turns git's stderr into a typed failure. Git's wording is stable across 2.3x releases for these
// cases; anything unrecognised keeps git's own first lines so the user still sees the cause.
import { SyncError } from '../result';

export function gitErrorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const NETWORK = [
  /Could not resolve host/i,
  /Connection refused/i,
  /Failed to connect/i,
  /Connection timed out/i,
  /Network is unreachable/i,
  /Couldn't connect to server/i,
  /unable to access '.*': (?:Recv failure|Empty reply|The requested URL returned error: 5\d\d)/i,
  /Could not read from remote repository/i,
  /does not appear to be a git repository/i,
  /early EOF|the remote end hung up unexpectedly/i,
];

const AUTH = [
  /Authentication failed/i,
  /could not read Username/i,
  /could not read Password/i,
  /terminal prompts disabled/i,
  /Permission denied \(publickey/i,
  /The requested URL returned error: 40[13]/i,
];

export function classifyPushError(stderr: string, remote: string, branch: string): SyncError {
  const retry = `git push ${remote} refs/heads/${branch}:refs/heads/${branch}`;
  const detail = firstLines(stderr);
  if (/pre-receive hook declined|protected branch|GH006|pushing to this branch is not allowed|You are not allowed to push/i.test(stderr)) {
    return {
      code: 'push-rejected-protected',
      message: `The remote '${remote}' refused the push of ${branch}: the branch is protected or a server hook declined it.\n${detail}`,
      retry,
      branch,
    };
  }
  if (/non-fast-forward|\(fetch first\)|Updates were rejected because|stale info/i.test(stderr)) {
    return {
      code: 'push-rejected-non-fast-forward',
      message: `The remote '${remote}' rejected ${branch} as a non-fast-forward update: a branch with that name already exists there with other commits. Delete the remote branch or choose another name.\n${detail}`,
      retry,
      branch,
    };
  }
  if (AUTH.some((re) => re.test(stderr))) {
    return {
      code: 'push-auth',
      message: `Git could not authenticate to '${remote}'. Reconcile pushes with your existing git credentials (credential helper or SSH agent); check that \`git push ${remote}\` works in a terminal.\n${detail}`,
      retry,
      branch,
    };
  }
  if (NETWORK.some((re) => re.test(stderr))) {
    return {
      code: 'network',
      message: `Could not reach the remote '${remote}' (network down or remote unavailable).\n${detail}`,
      retry,
      branch,
    };
  }
  return { code: 'git-failed', message: `git push to '${remote}' failed.\n${detail}`, retry, branch };
}

export function classifyFetchError(stderr: string, remote: string, base: string): SyncError {
  const detail = firstLines(stderr);
  if (/couldn't find remote ref/i.test(stderr)) {
    return { code: 'base-not-found', message: `The base branch '${base}' does not exist on the remote '${remote}'.` };
  }
  if (AUTH.some((re) => re.test(stderr))) {
    return {
      code: 'push-auth',
      message: `Git could not authenticate to '${remote}'; check that \`git fetch ${remote}\` works in a terminal.\n${detail}`,
    };
  }
  if (NETWORK.some((re) => re.test(stderr))) {
    return { code: 'network', message: `Could not reach the remote '${remote}' (network down or remote unavailable).\n${detail}` };
  }
  return { code: 'git-failed', message: `git fetch from '${remote}' failed.\n${detail}` };
}

function firstLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .slice(0, 6)
    .join('\n');
}
