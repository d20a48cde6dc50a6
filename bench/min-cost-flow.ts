/**
 * Min-cost max-flow by successive shortest paths (SPFA), small and exact:
 * enough for the offline optimum of the routing benchmark (a transportation
 * problem of lead types × agents with capacities).
 */
export class MinCostFlow {
  private readonly to: number[] = [];
  private readonly capacity: number[] = [];
  private readonly cost: number[] = [];
  private readonly next: number[] = [];
  private readonly head: number[];

  constructor(private readonly nodes: number) {
    this.head = new Array<number>(nodes).fill(-1);
  }

  /** Adds an edge and its residual twin; returns the edge index (read its flow with `flowOn`). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const index = this.to.length;
    for (const [a, b, cap, c] of [
      [from, to, capacity, cost],
      [to, from, 0, -cost],
    ]) {
      this.to.push(b);
      this.capacity.push(cap);
      this.cost.push(c);
      this.next.push(this.head[a]);
      this.head[a] = this.to.length - 1;
    }
    return index;
  }

  flowOn(edge: number): number {
    return this.capacity[edge ^ 1];
  }

  /** Pushes as much flow as possible from source to sink at least cost; returns [flow, cost]. */
  solve(source: number, sink: number): [number, number] {
    let flow = 0;
    let total = 0;
    const distance = new Array<number>(this.nodes);
    const via = new Array<number>(this.nodes);
    const queued = new Array<boolean>(this.nodes);
    for (;;) {
      distance.fill(Infinity);
      via.fill(-1);
      queued.fill(false);
      distance[source] = 0;
      const queue = [source];
      queued[source] = true;
      while (queue.length > 0) {
        const node = queue.shift()!;
        queued[node] = false;
        for (let edge = this.head[node]; edge !== -1; edge = this.next[edge]) {
          if (this.capacity[edge] <= 0) continue;
          const candidate = distance[node] + this.cost[edge];
          if (candidate < distance[this.to[edge]] - 1e-12) {
            distance[this.to[edge]] = candidate;
            via[this.to[edge]] = edge;
            if (!queued[this.to[edge]]) {
              queued[this.to[edge]] = true;
              queue.push(this.to[edge]);
            }
          }
        }
      }
      if (distance[sink] === Infinity) return [flow, total];
      let push = Infinity;
      for (let node = sink; node !== source; node = this.to[via[node] ^ 1])
        push = Math.min(push, this.capacity[via[node]]);
      for (let node = sink; node !== source; node = this.to[via[node] ^ 1]) {
        this.capacity[via[node]] -= push;
        this.capacity[via[node] ^ 1] += push;
      }
      flow += push;
      total += push * distance[sink];
    }
  }
}
