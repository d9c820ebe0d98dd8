// Three bundles: the extension host (node), the CLI (node, same core), and browser code for webviews.
'use strict';
const path = require('path');
const webpack = require('webpack');
const MiniCssExtractPlugin = require('mini-css-extract-plugin');

// ES module output for webpack: TypeScript's CommonJS emit turns `await import(x)` into `require(x)`, which
// webpack then bundles into the main chunk; kept as `import()`, it becomes a chunk loaded on first use.
const tsRule = { test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020' } } }] };

// @kubernetes/client-node's KubeConfig imports its generated index (every API and model, ~30 MB) for two names;
// src/core/cluster/vendor/clientNodeGen.js provides just those.
const clientNodeGenShim = new webpack.NormalModuleReplacementPlugin(/^\.\/gen\/index\.js$/, (resource) => {
  if (/@kubernetes[\\/]client-node[\\/]dist$/.test(resource.context)) resource.request = path.resolve(__dirname, 'src/core/cluster/vendor/clientNodeGen.js');
});

// The HCL parser's WebAssembly (web-tree-sitter's runtime and the HCL grammar) beside the bundles, where
// src/core/terraform/hclParser.ts looks first; emitted as plain assets, no copy plugin needed.
class TreeSitterWasmAssets {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('TreeSitterWasmAssets', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'TreeSitterWasmAssets', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const file of [require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')]) {
          compilation.emitAsset(path.basename(file), new webpack.sources.RawSource(require('fs').readFileSync(file)));
        }
      });
    });
  }
}

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const node = {
    mode,
    target: 'node20',
    devtool: 'source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [tsRule] },
    node: { __dirname: false },
    optimization: { minimize: false },
  };
  return [
    {
      ...node,
      name: 'extension',
      entry: { extension: './src/entry.ts' },
      // Heavy libraries load on first use from their own chunks (activation must stay well under 100 ms);
      // chunk names carry the bundle's name so the CLI's chunks never collide and packaging can list them.
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: 'extension.[name].js', libraryTarget: 'commonjs2' },
      externals: { vscode: 'commonjs vscode' },
      plugins: [clientNodeGenShim, new TreeSitterWasmAssets()],
    },
    {
      ...node,
      name: 'cli',
      // The scan pool's worker (src/core/index/scanPool.ts) is its own entry: a worker thread starts from a file.
      entry: { cli: './src/cli/bin.ts', 'cli.scanWorker': './src/core/index/scanWorker.ts' },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', chunkFilename: 'cli.[name].js', libraryTarget: 'commonjs2' },
      plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }), clientNodeGenShim, new TreeSitterWasmAssets()],
    },
    {
      // Browser code for webviews. Monaco's workers are separate entries (self-contained classic scripts): the
      // webview fetches their text and starts them from blob: URLs. One chunk per entry, CSS extracted to a file.
      mode,
      name: 'webview',
      target: 'web',
      devtool: mode === 'development' ? 'source-map' : false,
      entry: {
        preview: './src/webview/preview.ts',
        'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
        'yaml.worker': 'monaco-yaml/yaml.worker.js',
      },
      resolve: {
        extensions: ['.ts', '.js'],
        // monaco-yaml's worker imports prettier only to format, which the read-only preview never does.
        alias: Object.fromEntries(['prettier/standalone', 'prettier/plugins/yaml', 'prettier/plugins/estree'].map((m) => [m, path.resolve(__dirname, 'src/webview/noFormatter.ts')])),
      },
      module: {
        rules: [
          { ...tsRule, use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: 'src/webview/tsconfig.json' } }] },
          { test: /\.m?js$/, resolve: { fullySpecified: false } },
          { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
          { test: /\.ttf$/, type: 'asset/resource', generator: { filename: '[name][ext]' } },
        ],
      },
      output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js', globalObject: 'self', publicPath: '' },
      plugins: [new MiniCssExtractPlugin({ filename: '[name].css' }), new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 })],
      performance: { hints: false },
    },
  ];
};
