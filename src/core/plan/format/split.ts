// Cutting a long markdown document into parts that each fit a size cap, only between items: an item (one
// object's entry with its diff) is never split across parts, a `<details>` group cut between two items is
// closed in one part and reopened ("continued") in the next, and pinned blocks (header, totals, risks)
// always open the first part. An item too big for any part is shortened with its code fence closed.

export interface Group {
  /** Consecutive items of one group share its opening and closing lines. */
  id: string;
  open: string;
  close: string;
  /** Opening used when the group continues in a later part. */
  reopen: string;
}

export interface Segment {
  text: string;
  /** Header, totals, risks: always at the start of the first part. */
  pinned?: boolean;
  group?: Group;
  /** What the item is, for "left out" notes (items only). */
  label?: string;
}

export interface SplitOptions {
  cap: number;
  /** Characters (forges) or UTF-8 bytes (`--max-bytes`). */
  measure?: (s: string) => number;
  /** At most this many parts; what does not fit is left out and named. */
  maxParts: number;
  /** First line of part `part` (2-based). */
  continuation: (part: number, parts: number) => string;
  /** End of the first part when the rest follows in other parts. */
  movedNote: (items: number, parts: number) => string;
  /** End of the last part when items had to be left out. */
  droppedNote: (labels: string[]) => string;
}

export const chars = (s: string): number => s.length;
export const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Room kept in every part for the notes added at the end (less for small caps). */
const noteRoom = (cap: number) => Math.min(1500, Math.floor(cap / 6));

const FENCE = /^\s*(`{3,}|~{3,})/;

/** Shortens an item to fit `room`, closing the code fence it cut; its first lines are kept. */
export function shortenItem(text: string, room: number, measure: (s: string) => number): string {
  const note = '_… cut here to fit the size limit; run `reconcile plan` locally for the whole diff._';
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    const next = m ? (fence && m[1][0] === fence[0] && m[1].length >= fence.length ? undefined : fence ?? m[1]) : fence;
    if (measure([...kept, line, ...(next ? [next] : []), '', note].join('\n')) > room) break;
    kept.push(line);
    fence = next;
  }
  return [...kept, ...(fence ? [fence] : []), '', note].join('\n');
}

export function splitSegments(segments: Segment[], o: SplitOptions): string[] {
  const measure = o.measure ?? chars;
  const limit = o.cap - noteRoom(o.cap);
  const parts: string[][] = [[]];
  // Running sizes: both measures are additive over '\n'-joined pieces, so a part is never re-measured.
  const sizes: number[] = [0];
  const current = () => parts[parts.length - 1];
  const push = (...lines: string[]) => {
    for (const l of lines) {
      sizes[parts.length - 1] += (current().length ? 1 : 0) + measure(l);
      current().push(l);
    }
  };
  const cost = (lines: string[]) => lines.reduce((n, l) => n + 1 + measure(l), 0);
  push(...segments.filter((s) => s.pinned).map((s) => s.text));
  let open: Group | undefined;
  let items = 0;
  let firstPartItems = 0;
  const dropped: string[] = [];
  for (const seg of segments) {
    if (seg.pinned) continue;
    if (dropped.length) {
      if (seg.label) dropped.push(seg.label);
      continue;
    }
    if (seg.label) items++;
    const switching = seg.group?.id !== open?.id;
    const add = [...(switching && open ? [open.close] : []), ...(switching && seg.group ? [seg.group.open] : []), seg.text];
    const closing = seg.group ? [seg.group.close] : [];
    if (sizes[parts.length - 1] + cost([...add, ...closing]) <= limit) {
      push(...add);
      open = seg.group;
      continue;
    }
    if (open) push(open.close);
    open = undefined;
    if (parts.length >= o.maxParts) {
      dropped.push(seg.label ?? '(the rest of the plan)');
      continue;
    }
    if (parts.length === 1) firstPartItems = items - (seg.label ? 1 : 0);
    parts.push([]);
    sizes.push(0);
    // Room for the continuation line written once the number of parts is known.
    push(o.continuation(99, 99));
    const head = seg.group ? [seg.group.reopen] : [];
    let text = seg.text;
    const room = limit - sizes[parts.length - 1] - cost([...head, ...closing]) - 1;
    if (measure(text) > room) text = shortenItem(text, room, measure);
    push(...head, text);
    open = seg.group;
  }
  if (open) push(open.close);
  if (parts.length > 1) {
    parts[0].push('', o.movedNote(items - firstPartItems, parts.length));
    parts.forEach((p, i) => {
      if (i > 0) p[0] = o.continuation(i + 1, parts.length);
    });
  }
  if (dropped.length) current().push('', o.droppedNote(dropped));
  return parts.map((p) => p.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n');
}
