import type { EntityType } from './catalog.types';
import { nameParts } from './policies/pii-patterns';

/** What a search can match, most telling first. */
export const SEARCH_FIELDS = ['name', 'tag', 'field', 'subject', 'description', 'other'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

const WEIGHT: Record<SearchField, number> = { name: 8, tag: 5, field: 4, subject: 3, description: 1, other: 1 };

/** A catalogue entry as the index sees it: texts by field. */
export interface SearchDocument {
  readonly type: EntityType;
  readonly key: string;
  readonly domain: string | null;
  readonly texts: readonly { readonly field: SearchField; readonly text: string }[];
}

export interface SearchHit {
  readonly type: EntityType;
  readonly key: string;
  readonly domain: string | null;
  readonly score: number;
  /** The texts that matched, by field. */
  readonly matches: readonly { readonly field: SearchField; readonly text: string }[];
}

interface IndexedText {
  readonly field: SearchField;
  readonly text: string;
  readonly tokens: readonly string[];
}

/**
 * Words of a text: `orders.order-line.created` gives orders, order, line, created; `customerEmail`
 * gives customer, email; the text as a whole is kept too, so `orders.order` finds the topic.
 */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase().trim();
  return [...new Set([...nameParts(text), ...lower.split(/\s+/).filter(Boolean)])];
}

/**
 * An in-memory full-text index over the catalogue. Every word of a query must match the start of
 * a word of the entry (so `ord cre` finds `orders.order.created`); entries score by the fields
 * their matches are in, names above tags above schema fields above descriptions.
 */
export class SearchIndex {
  private readonly docs: { doc: SearchDocument; texts: IndexedText[] }[];

  constructor(documents: readonly SearchDocument[]) {
    this.docs = documents.map((doc) => ({
      doc,
      texts: doc.texts.filter((t) => t.text).map((t) => ({ ...t, tokens: tokenize(t.text) })),
    }));
  }

  get size(): number {
    return this.docs.length;
  }

  search(query: string, opts: { types?: readonly EntityType[]; domain?: string; limit: number }): SearchHit[] {
    const words = tokenize(query);
    if (!words.length) return [];
    const whole = query.trim().toLowerCase();
    const hits: SearchHit[] = [];
    for (const { doc, texts } of this.docs) {
      if (opts.types && !opts.types.includes(doc.type)) continue;
      if (opts.domain && doc.domain !== opts.domain) continue;
      let score = 0;
      const matched = new Set<IndexedText>();
      let all = true;
      for (const word of words) {
        let best = 0;
        for (const t of texts) {
          const exact = t.tokens.includes(word);
          if (!exact && !t.tokens.some((tok) => tok.startsWith(word))) continue;
          matched.add(t);
          best = Math.max(best, WEIGHT[t.field] * (exact ? 2 : 1));
        }
        if (!best) {
          all = false;
          break;
        }
        score += best;
      }
      if (!all) continue;
      if (texts.some((t) => t.field === 'name' && t.text.toLowerCase() === whole)) score += 100;
      hits.push({
        type: doc.type,
        key: doc.key,
        domain: doc.domain,
        score,
        matches: [...matched].map(({ field, text }) => ({ field, text })),
      });
    }
    return hits
      .sort((a, b) => b.score - a.score || (a.type < b.type ? -1 : a.type > b.type ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, opts.limit);
  }
}
