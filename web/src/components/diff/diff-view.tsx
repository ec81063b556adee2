import { useMemo, useState } from 'react';
import type { Language } from '../../lib/highlight';
import { CodeText } from '../code/code-line';
import { sideBySide, type DiffRow } from './side-by-side';

/**
 * Side-by-side diff of two schema texts (loaded lazily: the diff library is only needed here).
 * Long runs of unchanged lines fold to a few lines of context.
 */
export default function DiffView({
  left,
  right,
  leftLabel,
  rightLabel,
  lang,
}: {
  left: string;
  right: string;
  leftLabel: string;
  rightLabel: string;
  lang: Language;
}) {
  const rows = useMemo(() => sideBySide(left, right), [left, right]);
  const [expanded, setExpanded] = useState(false);
  const changes = rows.filter((r) => r.kind !== 'same').length;
  const visible = expanded ? rows.map((r) => ({ row: r, fold: 0 })) : fold(rows, 3);

  return (
    <div className="diff" data-testid="diff">
      <div className="diff-summary">
        {changes === 0 ? (
          <span className="badge ok">No differences</span>
        ) : (
          <span className="badge warn" data-testid="diff-count">
            {changes} changed line{changes === 1 ? '' : 's'}
          </span>
        )}
        {rows.length > visible.length && !expanded && (
          <button type="button" className="link-button" onClick={() => setExpanded(true)}>
            Show all lines
          </button>
        )}
      </div>
      <div className="code diff-table" role="region" aria-label={`Differences between ${leftLabel} and ${rightLabel}`} tabIndex={0}>
        <table>
          <colgroup>
            <col className="diff-ln" />
            <col />
            <col className="diff-ln" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th colSpan={2} scope="col">
                {leftLabel}
              </th>
              <th colSpan={2} scope="col">
                {rightLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map(({ row, fold: hidden }, i) =>
              hidden ? (
                <tr key={`f${i}`} className="diff-fold">
                  <td colSpan={4}>
                    <button type="button" className="link-button" onClick={() => setExpanded(true)}>
                      {hidden} unchanged line{hidden === 1 ? '' : 's'}
                    </button>
                  </td>
                </tr>
              ) : (
                <tr key={i} className={`diff-row diff-${row.kind}`} data-kind={row.kind}>
                  <td className="ln">{row.left?.n ?? ''}</td>
                  <td className={`lc ${row.left && row.kind !== 'same' ? 'del' : ''}`}>
                    {row.left && (
                      <>
                        {row.kind !== 'same' && <span className="sr-only">removed: </span>}
                        <CodeText text={row.left.text} lang={lang} />
                      </>
                    )}
                  </td>
                  <td className="ln">{row.right?.n ?? ''}</td>
                  <td className={`lc ${row.right && row.kind !== 'same' ? 'add' : ''}`}>
                    {row.right && (
                      <>
                        {row.kind !== 'same' && <span className="sr-only">added: </span>}
                        <CodeText text={row.right.text} lang={lang} />
                      </>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Rows to show, with runs of unchanged rows further than `context` from a change folded into one marker. */
function fold(rows: DiffRow[], context: number): { row: DiffRow; fold: number }[] {
  const near = new Array<boolean>(rows.length).fill(false);
  rows.forEach((r, i) => {
    if (r.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) near[k] = true;
  });
  const out: { row: DiffRow; fold: number }[] = [];
  let hidden = 0;
  rows.forEach((r, i) => {
    if (near[i] || rows.length <= context * 4) {
      if (hidden) out.push({ row: r, fold: hidden });
      hidden = 0;
      out.push({ row: r, fold: 0 });
    } else hidden++;
  });
  if (hidden) out.push({ row: rows[rows.length - 1], fold: hidden });
  return out;
}
