import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('evicts the oldest entry once the count is reached', () => {
    const sut = new BoundedCache<string, number>(2);
    sut.set('a', 1);
    sut.set('b', 2);
    sut.set('c', 3);
    expect([...sut.keys()]).toEqual(['b', 'c']);
  });

  it('evicts the oldest entries until the new one fits the weight budget', () => {
    const sut = new BoundedCache<string, string>(100, 10);
    sut.set('a', 'aaaa', 4);
    sut.set('b', 'bbbb', 4);
    sut.set('c', 'cccccc', 6);
    expect([...sut.keys()]).toEqual(['b', 'c']);
    sut.set('d', 'dddddd', 6);
    expect([...sut.keys()]).toEqual(['d']);
  });

  it('does not keep an entry heavier than the whole budget', () => {
    const sut = new BoundedCache<string, string>(100, 10);
    sut.set('a', 'a', 1);
    sut.set('huge', 'x'.repeat(11), 11);
    expect(sut.get('huge')).toBeUndefined();
    expect(sut.get('a')).toBe('a');
  });
});
