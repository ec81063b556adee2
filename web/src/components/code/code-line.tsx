import { memo } from 'react';
import { highlightLine, type Language } from '../../lib/highlight';

/** One line's tokens, coloured. */
export const CodeText = memo(function CodeText({ text, lang }: { text: string; lang: Language }) {
  return (
    <>
      {highlightLine(text, lang).map((t, i) =>
        t.kind === 'plain' ? <span key={i}>{t.text}</span> : <span key={i} className={`tok-${t.kind}`}>{t.text}</span>,
      )}
    </>
  );
});
