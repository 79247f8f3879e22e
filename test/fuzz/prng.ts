// A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine, so a failure is
// reproducible from the seed printed with it. Not for anything needing statistical quality or secrecy.
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A seed for a sub-stream (one per input), so inputs can be replayed one by one. */
  fork(): number {
    return Math.floor(this.next() * 0x1_0000_0000) >>> 0;
  }
}
