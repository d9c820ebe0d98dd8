// Stands in for prettier in the webview bundle (aliased in webpack.config.js): monaco-yaml's worker imports
// it for formatting, which a read-only preview never does; leaving it out saves most of the worker's size.
export function format(): Promise<string> {
  return Promise.reject(new Error('formatting is not available in the read-only preview'));
}
