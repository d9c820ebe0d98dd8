// Whether an optional external tool (kubectl, kustomize, helm) is installed: tests and benchmarks that
// compare with one say they skip when it is not.
import { execFileSync } from 'node:child_process';

export function toolAvailable(command: string, args: string[] = ['version', '--client']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const kubectlAvailable = (): boolean => toolAvailable('kubectl');
