// The same in-editor suite on desktop VS Code through @vscode/test-electron, for machines that can download
// VS Code (this one cannot: CI runs the suite in code-server via scripts/e2e.sh). `npm run test:electron`.
// Env: VSCODE_VERSION (default 'stable'), or VSCODE_EXECUTABLE to use an installed VS Code.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { prepareWorkspace, PROJECT_ROOT } from '../harness';

async function main(): Promise<number> {
  const suite = path.join(PROJECT_ROOT, 'out', 'test', 'e2e', 'suite.js');
  if (!fs.existsSync(suite)) {
    console.error(`${suite} is missing: run \`npx webpack --config test/e2e/webpack.suite.config.js\` first`);
    return 2;
  }
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-electron-'));
  try {
    const workspace = prepareWorkspace(sandbox);
    const userData = path.join(sandbox, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }));
    return await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION ?? 'stable' }),
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
    });
  } catch (err) {
    console.error(`@vscode/test-electron run failed (VS Code download or the suite): ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    fs.rmSync(sandbox, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
