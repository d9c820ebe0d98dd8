// Argo CD ApplicationSets expanded offline. See docs/argocd-applicationsets.md.
export { expandApplicationSet } from './expand';
export { clusterSecretsFrom } from './clusterSecrets';
export { createGitRefReader } from './refReader';
export * from './types';
export { GitRevisions } from './gitRevisions';
