import { useId, type ReactElement, cloneElement } from 'react';

/**
 * A labelled control. The label sits beside the control rather than around it, so a select's
 * accessible name is its label alone (a wrapping label would add every option's text).
 */
export function Field({ label, children, id }: { label: string; children: ReactElement<{ id?: string }>; id?: string }) {
  const auto = useId();
  const controlId = id ?? children.props.id ?? auto;
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {cloneElement(children, { id: controlId })}
    </div>
  );
}
