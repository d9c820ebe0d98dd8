// Branch names the sync creates: `reconcile/<slug>-<short-hash>`, short enough for every forge UI.

export function slugify(title: string, maxLength = 40): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.slice(0, maxLength).replace(/-+$/g, '');
  return cut || 'change';
}

export function syncBranchName(title: string, commitSha: string): string {
  return `reconcile/${slugify(title)}-${commitSha.slice(0, 7)}`;
}
