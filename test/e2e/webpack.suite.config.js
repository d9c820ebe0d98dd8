// Bundles the in-editor e2e suites (one folder, multi-root) and the in-editor scan benchmark into CommonJS files the extension host can
// `require` (out/test/e2e/suite.js, bench-scan.js); `vscode` is provided by the host.
'use strict';
const path = require('path');

module.exports = {
  mode: 'development',
  target: 'node20',
  devtool: 'inline-source-map',
  entry: {
    suite: path.resolve(__dirname, 'suite', 'index.ts'),
    multiroot: path.resolve(__dirname, 'multiroot', 'index.ts'),
    'bench-scan': path.resolve(__dirname, '..', '..', 'bench', 'vscode', 'scanInEditor.ts'),
  },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] }] },
  output: { path: path.resolve(__dirname, '..', '..', 'out', 'test', 'e2e'), filename: '[name].js', libraryTarget: 'commonjs2' },
  externals: { vscode: 'commonjs vscode' },
  optimization: { minimize: false },
};
