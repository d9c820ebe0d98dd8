// Where a diagnostic's code links to: the rules page shipped in the .vsix, with one anchor per code (the
// validation controller adds the lower-case code as the fragment: `docs/rules.md#rc1104`). Kept free of `vscode`
// so a unit test can check that the page exists, is packaged and has an anchor for every rule.

/** The rules page, relative to the extension root (and to the repository root). */
export const RULE_DOCS_PATH = 'docs/rules.md';
