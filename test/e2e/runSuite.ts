// Runs the in-editor suite (out/test/e2e/suite.js) inside code-server's extension host.
// Env (set by scripts/e2e.sh): CODE_SERVER, EXTENSION_DIR (folder with package.json + dist/), SUITE (bundled suite).
import { exitWith, prepareWorkspace, runSuiteRunner } from './harness';

exitWith(runSuiteRunner({ title: 'in-editor', runner: 'suite', sandboxLabel: 'suite', suiteEnv: 'SUITE', workspace: prepareWorkspace, timeoutMs: 180_000 }));
