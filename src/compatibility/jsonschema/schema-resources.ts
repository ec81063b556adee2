import { childSchemas, type Dialect, dialectOf, idKeyword, isModern } from './dialect';
import { type JsonNode, type JsonString, member, resolvePointer, stringMember } from './json-text';

/**
 * Base URI of a schema without `$id`. Any absolute hierarchical URI works; it only has to give
 * relative references (`customer.json`) somewhere to resolve to.
 */
export const DEFAULT_BASE_URI = 'mem://charter/schema.json';

/** One JSON document taking part in `$ref` resolution: the schema itself or one it references. */
export interface SchemaDocument {
  readonly root: JsonNode;
  readonly dialect: Dialect;
  /** The URI the document was registered under (its `$id` or reference name, resolved). */
  readonly uri: string;
}

/** A JSON node reached through a reference, with what is needed to read it as a schema. */
export interface Located {
  readonly node: JsonNode;
  /** Base URI in effect at the node, for its own relative references. */
  readonly base: string;
  readonly document: SchemaDocument;
}

/** A `$ref` (or `$dynamicRef` / `$recursiveRef`) met while indexing, for reporting unresolved ones. */
export interface RefSite {
  readonly keyword: string;
  readonly value: JsonString;
  readonly base: string;
  readonly document: SchemaDocument;
}

/** A referenced document to register, already parsed, with its own references. */
export interface ReferencedDocument {
  readonly name: string;
  readonly root: JsonNode;
  readonly references: readonly ReferencedDocument[];
}

/** Resolves a URI reference against a base; undefined when either is not a valid URI. */
export function resolveUri(base: string, reference: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

function withoutFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

/**
 * Every schema resource reachable by URI: the documents (root and references) and the
 * subschemas that declare `$id`, plus anchors (`$anchor`, `$dynamicAnchor`, draft-04..07
 * `"$id": "#name"`). Built once per parsed schema, iteratively.
 */
export class ResourceIndex {
  private readonly resources = new Map<string, Located>();
  private readonly anchors = new Map<string, Located>();
  private readonly bases = new WeakMap<object, string>();
  /** Every reference keyword met, in document order (root document first). */
  readonly refSites: RefSite[] = [];
  private readonly referenced: Array<{ document: SchemaDocument; uris: string[] }> = [];
  readonly main: SchemaDocument;

  constructor(root: JsonNode, references: readonly ReferencedDocument[]) {
    const dialect = dialectOf(root);
    const ownId = stringMember(root, idKeyword(dialect));
    const uri = withoutFragment((ownId !== undefined && resolveUri(DEFAULT_BASE_URI, ownId)) || DEFAULT_BASE_URI);
    this.main = { root, dialect, uri };
    this.index(this.main);
    this.registerReferences(references, uri, uri, dialect, new Set());
  }

  /** The referenced documents (not the main one), each with every URI it is registered under. */
  documents(): ReadonlyArray<{ readonly document: SchemaDocument; readonly uris: readonly string[] }> {
    return this.referenced;
  }

  /** The base URI in effect at `node`, when it was indexed as a schema. */
  baseOf(node: JsonNode): string | undefined {
    return this.bases.get(node);
  }

  /** Resolves a reference found at a place whose base URI is `base`. */
  resolve(reference: string, base: string): Located | undefined {
    const absolute = resolveUri(base, reference);
    if (absolute === undefined) return undefined;
    const hash = absolute.indexOf('#');
    const resourceUri = hash < 0 ? absolute : absolute.slice(0, hash);
    let fragment = hash < 0 ? '' : absolute.slice(hash + 1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      return undefined;
    }
    const resource = this.resources.get(resourceUri);
    if (fragment === '') return resource;
    if (!fragment.startsWith('/')) return this.anchors.get(`${resourceUri}#${fragment}`);
    if (resource === undefined) return undefined;
    const node = resolvePointer(resource.node, fragment);
    if (node === undefined) return undefined;
    return { node, base: this.bases.get(node) ?? resource.base, document: resource.document };
  }

  // References of references are named relative to the document naming them; Confluent also
  // registers them all relative to the root, so both are tried.
  private registerReferences(
    references: readonly ReferencedDocument[],
    parentUri: string,
    rootUri: string,
    rootDialect: Dialect,
    seen: Set<ReferencedDocument>,
  ): void {
    for (const ref of references) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const uris = new Set([resolveUri(parentUri, ref.name), resolveUri(rootUri, ref.name)]);
      const dialect = stringMember(ref.root, '$schema') !== undefined ? dialectOf(ref.root) : rootDialect;
      let document: SchemaDocument | undefined;
      const registered: string[] = [];
      for (const candidate of uris) {
        if (candidate === undefined) continue;
        const uri = withoutFragment(candidate);
        if (this.resources.has(uri)) continue;
        if (document === undefined) {
          document = { root: ref.root, dialect, uri };
          this.index(document);
        } else {
          this.resources.set(uri, { node: ref.root, base: this.bases.get(ref.root) ?? document.uri, document });
        }
        registered.push(uri);
      }
      if (document) this.referenced.push({ document, uris: registered });
      this.registerReferences(ref.references, document?.uri ?? parentUri, rootUri, rootDialect, seen);
    }
  }

  private index(document: SchemaDocument): void {
    const { dialect } = document;
    if (!this.resources.has(document.uri)) {
      this.resources.set(document.uri, { node: document.root, base: document.uri, document });
    }
    const work: Array<{ node: JsonNode; base: string }> = [{ node: document.root, base: document.uri }];
    while (work.length) {
      const { node, base: inherited } = work.pop() as { node: JsonNode; base: string };
      if (node.type !== 'object') {
        this.bases.set(node, inherited);
        continue;
      }
      const base = this.declare(node, inherited, document);
      this.bases.set(node, base);
      for (const keyword of isModern(dialect) ? ['$ref', '$dynamicRef', '$recursiveRef'] : ['$ref']) {
        const value = member(node, keyword);
        if (value?.type === 'string') this.refSites.push({ keyword, value, base, document });
      }
      const children = childSchemas(node, dialect);
      for (let i = children.length - 1; i >= 0; i--) work.push({ node: (children[i] as { node: JsonNode }).node, base });
    }
  }

  // Records the resource and anchors `node` declares; returns the base URI inside it.
  private declare(node: JsonNode, inherited: string, document: SchemaDocument): string {
    let base = inherited;
    const id = stringMember(node, idKeyword(document.dialect));
    if (id !== undefined) {
      const resolved = resolveUri(inherited, id);
      if (resolved !== undefined) {
        const hash = resolved.indexOf('#');
        const resourceUri = hash < 0 ? resolved : resolved.slice(0, hash);
        const fragment = hash < 0 ? '' : resolved.slice(hash + 1);
        // Draft-04..07 write anchors as `"$id": "#name"`: the base stays, the name is registered.
        if (!id.startsWith('#')) {
          base = resourceUri;
          if (!this.resources.has(resourceUri)) this.resources.set(resourceUri, { node, base, document });
        }
        if (fragment !== '' && !fragment.startsWith('/')) this.addAnchor(`${resourceUri}#${fragment}`, node, base, document);
      }
    }
    if (isModern(document.dialect)) {
      for (const keyword of ['$anchor', '$dynamicAnchor']) {
        const name = stringMember(node, keyword);
        if (name !== undefined) this.addAnchor(`${base}#${name}`, node, base, document);
      }
    }
    return base;
  }

  private addAnchor(key: string, node: JsonNode, base: string, document: SchemaDocument): void {
    if (!this.anchors.has(key)) this.anchors.set(key, { node, base, document });
  }
}
