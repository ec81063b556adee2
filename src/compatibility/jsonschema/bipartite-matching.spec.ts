import { cheapestMaximumMatching } from './bipartite-matching';

describe('cheapestMaximumMatching', () => {
  const sut = cheapestMaximumMatching;

  it('finds a matching covering every row when one exists, even if a greedy choice would block it', () => {
    // Row 0 could take column 0, but then row 1 (only column 0) would be left out.
    const matching = sut(2, 2, [
      { row: 0, col: 0, cost: 0 },
      { row: 0, col: 1, cost: 5 },
      { row: 1, col: 0, cost: 0 },
    ]);
    expect(matching.map((e) => [e.row, e.col])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('prefers the cheapest of the maximum matchings', () => {
    const matching = sut(2, 2, [
      { row: 0, col: 0, cost: 3 },
      { row: 0, col: 1, cost: 0 },
      { row: 1, col: 0, cost: 0 },
      { row: 1, col: 1, cost: 3 },
    ]);
    expect(matching.map((e) => [e.row, e.col])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('handles unequal sides and missing edges', () => {
    expect(sut(3, 1, [{ row: 2, col: 0, cost: 1 }]).map((e) => [e.row, e.col])).toEqual([[2, 0]]);
    expect(sut(2, 3, [])).toEqual([]);
    expect(sut(0, 0, [])).toEqual([]);
  });
});
