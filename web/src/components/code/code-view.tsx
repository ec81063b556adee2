import type { Language } from '../../lib/highlight';
import { CodeText } from './code-line';

/** Read-only code with line numbers and syntax colours; `highlighted` lines are marked. */
export function CodeView({
  text,
  lang,
  highlighted,
  label,
}: {
  text: string;
  lang: Language;
  highlighted?: ReadonlySet<number>;
  label: string;
}) {
  const lines = text.split('\n');
  return (
    <div className="code" role="region" aria-label={label} tabIndex={0}>
      <pre>
        {lines.map((l, i) => (
          <div key={i} className={highlighted?.has(i + 1) ? 'code-line hl' : 'code-line'} data-line={i + 1}>
            <span className="ln" aria-hidden="true">
              {i + 1}
            </span>
            <span className="lc">
              <CodeText text={l} lang={lang} />
            </span>
          </div>
        ))}
      </pre>
    </div>
  );
}
