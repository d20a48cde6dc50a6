/**
 * What a pure parse made of a stored text, kept by the text itself: the same
 * text always parses to the same value, so a kept value is never stale, and
 * a row whose column changed brings a new text. For columns read on every
 * routing decision (each candidate's licenses, appointments, certifications
 * and working hours), which almost always hold what they held at the last
 * decision. Parsing them afresh cost the leads subgraph about 0.2 ms per
 * 100-candidate decision, most of it garbage. The values are shared, so
 * they are frozen, arrays and objects all the way down.
 *
 * At most `capacity` texts are kept (by default more than the agents of any
 * one agency), beyond that the oldest kept is dropped.
 */
export class ParsedText<T> {
  private readonly kept = new Map<string, T>();

  constructor(
    private readonly parse: (text: string) => T,
    private readonly capacity = 50_000,
  ) {}

  of(text: string): T {
    let value = this.kept.get(text);
    if (value === undefined) {
      value = deepFreeze(this.parse(text));
      if (this.kept.size >= this.capacity) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(text, value);
    }
    return value;
  }

  get size(): number {
    return this.kept.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
