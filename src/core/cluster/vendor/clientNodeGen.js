// Stand-in for @kubernetes/client-node's generated `dist/gen/index.js` when webpack bundles its KubeConfig
// (dist/config.js): KubeConfig needs only these two names, while the real index pulls in every generated
// API and model (~30 MB of code that takes seconds to compile in the extension host). Wired by
// webpack.config.js (NormalModuleReplacementPlugin); Node and the tests use the real module.
export { createConfiguration } from '@kubernetes/client-node/dist/gen/configuration.js';
export { ServerConfiguration } from '@kubernetes/client-node/dist/gen/servers.js';
