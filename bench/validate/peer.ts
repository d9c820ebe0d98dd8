// yaml-language-server, the peer both validation benchmarks compare with: each kind's schema made standalone
// (the same converted schemas Reconcile uses), served to the language service, which validates each document.
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { JsonSchema } from '../../src/core/validate/schemas/bundleFormat';
import { SchemaRegistry } from '../../src/core/validate/schemas/schemaRegistry';

export interface PeerDoc {
  /** apiVersion/kind as a file-name-safe key, one schema per key. */
  key: string;
  apiVersion: string;
  kind: string;
  text: string;
}

/** A kind's schema with only the definitions it reaches, so a peer can load it standalone. */
export function standaloneSchema(registry: SchemaRegistry, apiVersion: string, kind: string): JsonSchema | undefined {
  const resolved = registry.resolve(apiVersion, kind);
  if (!resolved) return undefined;
  if (resolved.source !== 'kubernetes') return resolved.schema;
  const defs = registry.schemas.kubernetes.definitions;
  const name = registry.schemas.kubernetes.kinds[`${apiVersion}/${kind}`];
  const needed = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$ref' && typeof v === 'string') {
        const d = v.replace('#/definitions/', '');
        if (!needed.has(d)) {
          needed.add(d);
          walk(defs[d]);
        }
      } else walk(v);
    }
  };
  needed.add(name);
  walk(defs[name]);
  return { $ref: `#/definitions/${name}`, definitions: Object.fromEntries([...needed].map((d) => [d, defs[d]])) };
}

/** A language service configured with one schema per kind of `docs`; `run()` validates them all once and counts the diagnostics. */
export function yamlLanguageServer(registry: SchemaRegistry, docs: PeerDoc[]): { kinds: number; run: () => Promise<number> } {
  const schemaTexts = new Map<string, string>();
  for (const d of docs) if (!schemaTexts.has(d.key)) schemaTexts.set(d.key, JSON.stringify(standaloneSchema(registry, d.apiVersion, d.kind)));
  const ls = getLanguageService({
    schemaRequestService: async (uri: string) => {
      const t = schemaTexts.get(uri.replace('reconcile-schema://', ''));
      if (t === undefined) throw new Error(`no schema ${uri}`);
      return t;
    },
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  ls.configure({
    validate: true,
    hover: false,
    completion: false,
    schemas: [...schemaTexts.keys()].map((key) => ({ uri: `reconcile-schema://${key}`, fileMatch: [`*.${key}.yaml`] })),
  });
  let version = 0;
  return {
    kinds: schemaTexts.size,
    run: async () => {
      version++;
      let n = 0;
      for (let i = 0; i < docs.length; i++) {
        const td = TextDocument.create(`file:///bench/doc${i}.${docs[i].key}.yaml`, 'yaml', version, docs[i].text);
        n += (await ls.doValidation(td, false)).length;
      }
      return n;
    },
  };
}
