// Terraform resource addresses (`module.net.module.subnets["a"].aws_subnet.this[0]`, `data.aws_ami.ubuntu`) and
// where they are declared: the module path is followed through local module calls from a root module
// directory, and the resource block found in that module's files.
import { TerraformIndex, localModuleCalls } from './terraformIndex';
import { TfResource, TerraformFile } from './model';

export interface ParsedAddress {
  /** Module call names from the root, instance keys dropped: `module.a[0].module.b` → ['a', 'b']. */
  modules: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
}

/** Splits at dots that are outside `[...]` and quotes. */
function segments(address: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (quoted) {
      cur += ch;
      if (ch === '\\') cur += address[++i] ?? '';
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const stripKey = (s: string): string => s.replace(/\[.*\]$/, '');

/** Undefined for addresses that are not resources (an output, a bare module). */
export function parseResourceAddress(address: string): ParsedAddress | undefined {
  const segs = segments(address);
  const modules: string[] = [];
  let i = 0;
  while (segs[i] === 'module' && i + 1 < segs.length) {
    modules.push(stripKey(segs[i + 1]));
    i += 2;
  }
  let mode: ParsedAddress['mode'] = 'managed';
  if (segs[i] === 'data') {
    mode = 'data';
    i++;
  }
  if (segs.length - i !== 2) return undefined;
  const type = segs[i];
  const name = stripKey(segs[i + 1]);
  if (!type || !name) return undefined;
  return { modules, mode, type, name };
}

export interface DeclaredAt {
  file: TerraformFile;
  resource: TfResource;
  /** The module directory the resource is declared in. */
  moduleDir: string;
}

/** The module directory a module path reaches from `rootDir` through local calls; undefined past a remote module. */
export function moduleDirFor(index: Pick<TerraformIndex, 'modules'>, rootDir: string, modules: string[]): string | undefined {
  let dir = rootDir;
  for (const name of modules) {
    const next = localModuleCalls(index, dir).find((c) => c.call.name === name);
    if (!next) return undefined;
    dir = next.target;
  }
  return dir;
}

/** Where a plan's resource address is declared, starting at the root module directory `rootDir` ('' for the repo root). */
export function declarationOf(index: Pick<TerraformIndex, 'modules'>, rootDir: string, address: string): DeclaredAt | undefined {
  const parsed = parseResourceAddress(address);
  if (!parsed) return undefined;
  const dir = moduleDirFor(index, rootDir, parsed.modules);
  if (dir === undefined) return undefined;
  for (const file of index.modules.get(dir)?.files ?? []) {
    const resource = file.resources.find((r) => r.mode === parsed.mode && r.type === parsed.type && r.name === parsed.name);
    if (resource) return { file, resource, moduleDir: dir };
  }
  return undefined;
}
