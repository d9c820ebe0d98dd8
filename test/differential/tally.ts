// Counting outcomes per supply and printing them in one shape.
import { Outcome, VERDICTS, Verdict, isDifference } from './compare';

export class Tally {
  readonly counts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  bytesDiffer = 0;
  total = 0;
  readonly differences: Array<{ label: string; outcome: Outcome }> = [];

  add(label: string, o: Outcome): void {
    this.total++;
    this.counts.set(o.verdict, (this.counts.get(o.verdict) ?? 0) + 1);
    if (o.verdict === 'equal' && !o.bytesEqual) this.bytesDiffer++;
    if (isDifference(o)) this.differences.push({ label, outcome: o });
  }

  line(name: string): string {
    const parts = VERDICTS.map((v) => `${v} ${this.counts.get(v)}`);
    return `${name}: ${this.total} cases — ${parts.join(' / ')}${this.bytesDiffer ? ` (of the equal, ${this.bytesDiffer} differ in bytes only)` : ''}`;
  }
}
