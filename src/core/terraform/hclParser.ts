// The HCL parser (tree-sitter's HCL grammar on web-tree-sitter), loaded once and only when a repository has
// Terraform files: initialising the two WebAssembly modules costs ~100-200 ms, which a Kubernetes-only
// repository should never pay. Both .wasm files sit next to the bundle (dist/, copied by webpack.config.js)
// or, from source (tests, tsx), in node_modules.
import { promises as fsp } from 'fs';
import * as path from 'path';
import type { Parser as TsParser, Language as TsLanguage } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree } from 'web-tree-sitter';

const RUNTIME_WASM = 'tree-sitter.wasm';
const HCL_WASM = 'tree-sitter-hcl.wasm';

/** Where a .wasm may be: beside the bundle first, then the package in node_modules (source checkouts). */
function candidates(file: string): string[] {
  const pkg = file === RUNTIME_WASM ? 'web-tree-sitter' : path.join('@tree-sitter-grammars', 'tree-sitter-hcl');
  // Bundled, __dirname is dist/; from source it is src/core/terraform.
  return [path.join(__dirname, file), path.resolve(__dirname, '..', '..', '..', 'node_modules', pkg, file)];
}

async function readWasm(file: string): Promise<Uint8Array> {
  const tried = candidates(file);
  for (const p of tried) {
    try {
      return await fsp.readFile(p);
    } catch {
      // try the next place
    }
  }
  throw new Error(`${file} not found (looked in ${tried.join(', ')})`);
}

export interface HclParser {
  parse(text: string): import('web-tree-sitter').Tree;
}

let loading: Promise<HclParser> | undefined;

/** The shared parser; the first call loads the WebAssembly modules, later calls reuse them. */
export function loadHclParser(): Promise<HclParser> {
  loading ??= (async () => {
    // A dynamic import keeps web-tree-sitter in its own chunk of the bundle, loaded on first use.
    const ts = await import('web-tree-sitter');
    const [runtime, grammar] = await Promise.all([readWasm(RUNTIME_WASM), readWasm(HCL_WASM)]);
    // Emscripten's module options are untyped in web-tree-sitter's declarations; wasmBinary spares it a file lookup.
    await ts.Parser.init({ wasmBinary: runtime } as unknown as Parameters<typeof ts.Parser.init>[0]);
    const language: TsLanguage = await ts.Language.load(grammar);
    const parser: TsParser = new ts.Parser();
    parser.setLanguage(language);
    return {
      parse(text: string) {
        const tree = parser.parse(text);
        if (!tree) throw new Error('the HCL parser returned no tree');
        return tree;
      },
    };
  })();
  // A failed load (missing .wasm) is reported to every caller, and retried on the next call.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Whether this process has started loading the parser (benchmarks and tests check a Kubernetes-only repository never does). */
export function hclParserLoaded(): boolean {
  return loading !== undefined;
}
