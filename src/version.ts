// Reconcile's version, from package.json: the CLI's --version, SARIF's tool.driver.version and the footer of
// every pull request body say the same thing, and a release changes it in one place.
import { version } from '../package.json';

export const VERSION: string = version;
