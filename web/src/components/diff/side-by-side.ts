import { diffLines } from 'diff';

export interface DiffCell {
  /** 1-based line number on its side. */
  n: number;
  text: string;
}
export interface DiffRow {
  left?: DiffCell;
  right?: DiffCell;
  kind: 'same' | 'changed' | 'removed' | 'added';
}

/**
 * Rows of a side-by-side diff: unchanged lines face each other, a removed block faces the added
 * block that replaced it (line by line), and what is left over faces a gap.
 */
export function sideBySide(left: string, right: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  const parts = diffLines(left.endsWith('\n') ? left : left + '\n', right.endsWith('\n') ? right : right + '\n');
  const split = (v: string) => v.replace(/\n$/, '').split('\n');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p.added && !p.removed) {
      for (const text of split(p.value)) rows.push({ kind: 'same', left: { n: l++, text }, right: { n: r++, text } });
      continue;
    }
    if (p.removed) {
      const removed = split(p.value);
      const next = parts[i + 1];
      const added = next?.added ? split(next.value) : [];
      if (next?.added) i++;
      for (let k = 0; k < Math.max(removed.length, added.length); k++) {
        const a = k < removed.length ? { n: l++, text: removed[k] } : undefined;
        const b = k < added.length ? { n: r++, text: added[k] } : undefined;
        rows.push({ kind: a && b ? 'changed' : a ? 'removed' : 'added', left: a, right: b });
      }
      continue;
    }
    for (const text of split(p.value)) rows.push({ kind: 'added', right: { n: r++, text } });
  }
  return rows;
}
