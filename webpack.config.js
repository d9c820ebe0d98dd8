// Three bundles: the extension host (node), the CLI (node, same core), and browser code for webviews.
'use strict';
const path = require('path');
const webpack = require('webpack');

const tsRule = { test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] };

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
      entry: { extension: './src/extension.ts' },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
      externals: { vscode: 'commonjs vscode' },
    },
    {
      ...node,
      name: 'cli',
      entry: { cli: './src/cli/main.ts' },
      output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', libraryTarget: 'commonjs2' },
      plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
    },
    {
      mode,
      name: 'webview',
      target: 'web',
      devtool: mode === 'development' ? 'source-map' : false,
      entry: { preview: './src/webview/preview.ts' },
      resolve: { extensions: ['.ts', '.js'] },
      module: { rules: [{ ...tsRule, use: [{ loader: 'ts-loader', options: { transpileOnly: true, configFile: 'src/webview/tsconfig.json' } }] }] },
      output: { path: path.resolve(__dirname, 'dist', 'webview'), filename: '[name].js' },
      performance: { hints: false },
    },
  ];
};
