// Webview bundle entry. The rendered-manifest preview (Monaco + monaco-yaml) lands here with the rendering work.
export {};
