// The follow-up comments of a plan too long for one pull-request body: each part carries a hidden marker
// with its number, so a re-run finds its own earlier comments and replaces them (updates in place, creates
// what is missing, deletes parts no longer needed). Comments written by people are never touched.
import { ok, Result } from '../result';
import { ForgeProvider } from './provider';

const PART = /<!-- reconcile-plan-part:(\d+) -->/;

export interface CommentSync {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** `parts`: the follow-up comments in order (part 2 onwards); empty removes earlier ones. */
export async function syncPlanComments(provider: ForgeProvider, pr: number, parts: string[]): Promise<Result<CommentSync>> {
  const listed = await provider.listComments(pr);
  if (!listed.ok) return listed;
  const ours = listed.value
    .map((c) => ({ ...c, part: Number(PART.exec(c.body)?.[1] ?? NaN) }))
    .filter((c) => !Number.isNaN(c.part))
    .sort((a, b) => a.part - b.part || a.id - b.id);
  const out: CommentSync = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const [i, body] of parts.entries()) {
    const existing = ours[i];
    if (!existing) {
      const r = await provider.createComment(pr, body);
      if (!r.ok) return r;
      out.created++;
    } else if (existing.body.trim() !== body.trim()) {
      const r = await provider.updateComment(pr, existing.id, body);
      if (!r.ok) return r;
      out.updated++;
    } else out.unchanged++;
  }
  for (const extra of ours.slice(parts.length)) {
    const r = await provider.deleteComment(pr, extra.id);
    if (!r.ok) return r;
    out.deleted++;
  }
  return ok(out);
}
