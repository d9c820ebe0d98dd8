// Reconcile's version, from package.json: the CLI's --version, SARIF's tool.driver.version and the footer of
// every pull request body say the same thing, and a release changes it in one place.
// The default import: webpack warns on named imports from JSON (and drops the unused fields either way).
import packageJson from '../package.json';

export const VERSION: string = packageJson.version;
