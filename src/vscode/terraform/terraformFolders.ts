// The one TerraformFolder per workspace folder, shared by the features that read it (problems, outline, Ctrl+T,
// definitions, the Terraform group of the GitOps Resources view): whichever registers first creates the set for
// the registry, the others get the same one, so a folder is scanned once.
import type { FolderRegistry, PerFolder } from '../folderRegistry';
import { TerraformFolder } from './terraformFolder';

const byRegistry = new WeakMap<FolderRegistry, PerFolder<TerraformFolder>>();

export function terraformFolders(folders: FolderRegistry): PerFolder<TerraformFolder> {
  let perFolder = byRegistry.get(folders);
  if (!perFolder) {
    // A folder nested in another shows its files' problems once, from the deepest folder (as every other feature routes).
    perFolder = folders.perFolder((services) => new TerraformFolder(services, (uri) => folders.forUri(uri) === services));
    byRegistry.set(folders, perFolder);
  }
  return perFolder;
}
