import { ParsedText } from '../../lib/parsed-text';

describe('ParsedText', () => {
  it('parses a text once and gives a changed text its own parse', () => {
    const parses: string[] = [];
    const parsed = new ParsedText((text: string) => {
      parses.push(text);
      return JSON.parse(text) as string[];
    });
    const first = parsed.of('["LIFE"]');
    expect(parsed.of(['["LI', 'FE"]'].join(''))).toBe(first);
    expect(parsed.of('["LIFE","HEALTH"]')).toEqual(['LIFE', 'HEALTH']);
    expect(parses).toEqual(['["LIFE"]', '["LIFE","HEALTH"]']);
  });

  it('freezes what it shares, all the way down', () => {
    const parsed = new ParsedText((text: string) => JSON.parse(text) as Array<{ start: string }>);
    const hours = parsed.of('[{"start":"09:00"}]');
    expect(() => hours.push({ start: '10:00' })).toThrow(TypeError);
    expect(() => {
      hours[0].start = '10:00';
    }).toThrow(TypeError);
    expect(parsed.of('[{"start":"09:00"}]')).toEqual([{ start: '09:00' }]);
  });

  it('keeps at most its capacity, dropping the text kept longest', () => {
    const parses: string[] = [];
    const parsed = new ParsedText((text: string) => parses.push(text), 2);
    parsed.of('a');
    parsed.of('b');
    parsed.of('c');
    expect(parsed.size).toBe(2);
    parsed.of('c');
    parsed.of('b');
    parsed.of('a');
    expect(parses).toEqual(['a', 'b', 'c', 'a']);
  });
});
