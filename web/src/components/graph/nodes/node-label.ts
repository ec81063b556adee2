/** Shortens a label to fit a node, keeping its end (topic names differ most there). */
export function fitLabel(name: string, max = 24): string {
  return name.length <= max ? name : `…${name.slice(name.length - max + 1)}`;
}
