import { useEffect, useRef } from 'react';
import type { Language } from '../../lib/highlight';
import { CodeText } from './code-line';

/**
 * A plain textarea over a coloured copy of its text: typing stays native (undo, selection,
 * screen readers), while the copy behind shows syntax colours, line numbers and the lines a
 * compatibility check pointed at. `focusLine` scrolls that line into view.
 */
export function SchemaEditor({
  value,
  onChange,
  lang,
  highlighted,
  focusLine,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  lang: Language;
  highlighted?: ReadonlySet<number>;
  focusLine?: { line: number; seq: number };
  label: string;
}) {
  const input = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLPreElement>(null);
  const lines = value.split('\n');

  const sync = () => {
    if (input.current && backdrop.current) {
      backdrop.current.scrollTop = input.current.scrollTop;
      backdrop.current.scrollLeft = input.current.scrollLeft;
    }
  };

  useEffect(() => {
    const ta = input.current;
    if (!ta || !focusLine) return;
    const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 19;
    ta.scrollTop = Math.max(0, (focusLine.line - 3) * lineHeight);
    // Put the caret at the start of the line, so keyboard users land there too.
    const offset = lines.slice(0, focusLine.line - 1).reduce((n, l) => n + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(offset, offset);
    sync();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusLine]);

  return (
    <div className="editor">
      <pre className="editor-backdrop" ref={backdrop} aria-hidden="true">
        {lines.map((l, i) => (
          <div key={i} className={highlighted?.has(i + 1) ? 'code-line hl' : 'code-line'} data-line={i + 1}>
            <span className="ln">{i + 1}</span>
            <span className="lc">
              <CodeText text={l} lang={lang} />
              {'\u200b'}
            </span>
          </div>
        ))}
      </pre>
      <textarea
        ref={input}
        className="editor-input"
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={sync}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        onKeyDown={(e) => {
          // Tab indents; Escape then Tab leaves the editor, so keyboard users are never trapped.
          if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && e.currentTarget.dataset.escaped !== '1') {
            e.preventDefault();
            const ta = e.currentTarget;
            const { selectionStart: s, selectionEnd: t } = ta;
            const next = value.slice(0, s) + '  ' + value.slice(t);
            onChange(next);
            requestAnimationFrame(() => ta.setSelectionRange(s + 2, s + 2));
          } else if (e.key === 'Escape') e.currentTarget.dataset.escaped = '1';
          else e.currentTarget.dataset.escaped = '';
        }}
      />
    </div>
  );
}
