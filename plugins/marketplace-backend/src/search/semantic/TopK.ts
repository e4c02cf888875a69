import { RankedIds } from '../types';

function better(a: { id: string; score: number }, b: { id: string; score: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

/**
 * The best `k` of a stream of scored ids, best first and ties by id: a
 * min-heap whose root is the worst kept.
 *
 * @public
 */
export class TopK {
  private readonly heap: RankedIds = [];

  constructor(private readonly k: number) {}

  offer(id: string, score: number) {
    if (this.k <= 0) return;
    const item = { id, score };
    if (this.heap.length < this.k) {
      this.heap.push(item);
      this.up(this.heap.length - 1);
    } else if (better(item, this.heap[0])) {
      this.heap[0] = item;
      this.down(0);
    }
  }

  sorted(): RankedIds {
    return [...this.heap].sort((a, b) => (better(a, b) ? -1 : 1));
  }

  private up(start: number) {
    const heap = this.heap;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(heap[parent], heap[i])) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  private down(start: number) {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && better(heap[worst], heap[left])) worst = left;
      if (right < heap.length && better(heap[worst], heap[right])) worst = right;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i], heap[worst]];
      i = worst;
    }
  }
}
