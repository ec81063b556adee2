import { levelRule, parseCompatibilityLevel, COMPATIBILITY_LEVELS } from './compatibility-level';

describe('compatibility levels', () => {
  it('parses every level case-insensitively and rejects others', () => {
    for (const level of COMPATIBILITY_LEVELS) {
      expect(parseCompatibilityLevel(level.toLowerCase())).toBe(level);
    }
    expect(parseCompatibilityLevel('SIDEWAYS')).toBeUndefined();
    expect(parseCompatibilityLevel(3)).toBeUndefined();
  });

  it('composes each level from direction and reach', () => {
    expect(levelRule('FULL_TRANSITIVE')).toEqual({ newReadsOld: true, oldReadsNew: true, transitive: true });
    expect(levelRule('FORWARD')).toEqual({ newReadsOld: false, oldReadsNew: true, transitive: false });
    expect(levelRule('NONE')).toEqual({ newReadsOld: false, oldReadsNew: false, transitive: false });
  });
});
