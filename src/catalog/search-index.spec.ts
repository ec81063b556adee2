import { SearchIndex, tokenize, type SearchDocument } from './search-index';

const docs: SearchDocument[] = [
  {
    type: 'topic',
    key: 'orders.order.created',
    domain: 'orders',
    texts: [
      { field: 'name', text: 'orders.order.created' },
      { field: 'description', text: 'A customer placed an order' },
      { field: 'field', text: 'customerEmail' },
      { field: 'tag', text: 'PII' },
    ],
  },
  { type: 'domain', key: 'orders', domain: 'orders', texts: [{ field: 'name', text: 'orders' }, { field: 'description', text: 'Everything about orders' }] },
  { type: 'team', key: 'payments-core', domain: 'payments', texts: [{ field: 'name', text: 'payments-core' }, { field: 'description', text: 'Takes customer payments' }] },
];

describe('SearchIndex', () => {
  const sut = new SearchIndex(docs);

  it('splits names into words and keeps the whole text', () => {
    expect(tokenize('orders.order-line.created')).toEqual(['orders', 'order', 'line', 'created', 'orders.order-line.created']);
    expect(tokenize('customerEmail')).toEqual(['customer', 'email', 'customeremail']);
  });

  it('needs every word to match the start of a word of the entry', () => {
    expect(sut.search('ord cre', { limit: 10 }).map((h) => h.key)).toEqual(['orders.order.created']);
    expect(sut.search('customer', { limit: 10 }).map((h) => h.key)).toEqual(['orders.order.created', 'payments-core']);
    expect(sut.search('orders nothing', { limit: 10 })).toEqual([]);
  });

  it('ranks an exact name first, then names over schema fields over descriptions', () => {
    expect(sut.search('orders', { limit: 10 }).map((h) => h.key)).toEqual(['orders', 'orders.order.created']);
    expect(sut.search('email', { limit: 10 })[0].matches).toEqual([{ field: 'field', text: 'customerEmail' }]);
  });

  it('filters by type and domain, and stops at the limit', () => {
    expect(sut.search('orders', { limit: 10, types: ['domain'] }).map((h) => h.key)).toEqual(['orders']);
    expect(sut.search('customer', { limit: 10, domain: 'payments' }).map((h) => h.key)).toEqual(['payments-core']);
    expect(sut.search('orders', { limit: 1 })).toHaveLength(1);
    expect(sut.search('   ', { limit: 10 })).toEqual([]);
  });
});
