import { isId, newId } from '../../lib/domain/ids';

describe('newId', () => {
  it('orders ids made in the same millisecond by creation', () => {
    const now = Date.now() + 60_000;
    const ids = Array.from({ length: 1000 }, () => newId(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is a version 7, RFC variant UUID carrying its millisecond', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0, 123);
    const id = newId(now);
    expect(isId(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('orders ids of later milliseconds after earlier ones', () => {
    const now = Date.now() + 120_000;
    expect(newId(now) < newId(now + 1)).toBe(true);
  });
});
