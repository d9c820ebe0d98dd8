// Entry of the CLI bundle (dist/cli.js): webpack emits ES modules, where `require.main === module` in
// main.ts never holds, so the bundle starts the CLI from here.
import { runFromProcess } from './main';

runFromProcess();
