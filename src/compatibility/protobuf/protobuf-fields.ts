import type { SchemaFieldTag } from '../schema-provider';
import type { FieldElement, OptionElement, OptionValue, ProtoFileElement, TypeElement } from './proto-elements';

/** A field with the dotted path Confluent uses for schema entities: `pkg.Outer.Inner.[oneof.]field`. */
export interface LocatedField {
  readonly path: string;
  readonly field: FieldElement;
}

/** Every field of every message, nested messages and oneof members included, in declaration order. */
export function listFields(file: ProtoFileElement): LocatedField[] {
  const result: LocatedField[] = [];
  const prefix = file.packageName ? `${file.packageName}.` : '';
  // Depth-first with an explicit stack, keeping declaration order.
  const pending: Array<{ type: TypeElement; scope: string }> = [...file.types].reverse().map((type) => ({ type, scope: prefix }));
  while (pending.length > 0) {
    const { type, scope } = pending.pop()!;
    if (type.kind !== 'message') continue;
    const here = `${scope}${type.name}.`;
    for (const field of type.fields) result.push({ path: `${here}${field.name}`, field });
    for (const oneOf of type.oneOfs) {
      for (const field of oneOf.fields) result.push({ path: `${here}${oneOf.name}.${field.name}`, field });
    }
    for (const group of type.groups) {
      for (const field of group.fields) result.push({ path: `${here}${group.name}.${field.name}`, field });
    }
    for (const nested of [...type.nestedTypes].reverse()) pending.push({ type: nested, scope: here });
  }
  return result;
}

const FIELD_META = 'confluent.field_meta';

/** Tags given with `(confluent.field_meta).tags = "PII"` or `(confluent.field_meta) = { tags: [...] }`. */
export function fieldTags(file: ProtoFileElement): SchemaFieldTag[] {
  const result: SchemaFieldTag[] = [];
  for (const { path, field } of listFields(file)) {
    const tags = new Set<string>();
    for (const option of field.options) {
      if (option.parenthesized && (option.name === FIELD_META || option.name === `.${FIELD_META}`)) {
        for (const tag of tagsOf(option)) tags.add(tag);
      }
    }
    if (tags.size > 0) result.push({ path, field: field.name, tags: [...tags] });
  }
  return result;
}

function tagsOf(option: OptionElement): string[] {
  const value = option.value;
  if (value.kind === 'OPTION') return value.option.name === 'tags' ? strings(value.option.value) : [];
  if (value.kind === 'MAP') return value.entries.filter(([key]) => key === 'tags').flatMap(([, v]) => strings(v));
  return [];
}

function strings(value: OptionValue): string[] {
  if (value.kind === 'STRING') return [value.value];
  if (value.kind === 'LIST') return value.items.flatMap(strings);
  return [];
}
