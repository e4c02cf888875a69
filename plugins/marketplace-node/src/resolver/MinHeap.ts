/** A binary min-heap of ids by a numeric key; an id may be in it more than once. */
export class MinHeap {
  private readonly items: string[] = [];
  constructor(private readonly key: (id: string) => number) {}

  push(id: string) {
    const items = this.items;
    items.push(id);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(items[parent]) <= this.key(items[i])) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): string | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.key(items[left]) < this.key(items[smallest])) smallest = left;
        if (right < items.length && this.key(items[right]) < this.key(items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
