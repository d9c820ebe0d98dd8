// Entry of the CLI bundle (dist/cli.js): webpack emits ES modules, where `require.main === module` in
// main.ts never holds, so the bundle starts the CLI from here. Chunks (each command's code, loaded on use) are
// compiled with the V8 code cache made at build time when it fits (src/cli/codeCache.ts).
import { installCodeCache } from './codeCache';
import { runFromProcess } from './main';

installCodeCache(__dirname);
runFromProcess();
