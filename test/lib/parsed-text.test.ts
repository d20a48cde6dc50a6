import { ParsedText } from '../../lib/parsed-text';

describe('ParsedText', () => {
  it('parses a text once and gives a changed text its own parse', () => {
    const parses: string[] = [];
    const parsed = new ParsedText((text: string) => {
      parses.push(text);
      return JSON.parse(text) as string[];
    });
    const first = parsed.of('["LIFE"]');
    // A different string with the same characters, as each row read from the database brings.
    expect(parsed.of(['["LI', 'FE"]'].join(''))).toBe(first);
    expect(parsed.of('["LIFE","HEALTH"]')).toEqual(['LIFE', 'HEALTH']);
    expect(parses).toEqual(['["LIFE"]', '["LIFE","HEALTH"]']);
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
