import { compileTemplate, invalidTemplateReason, templateExample, templateMismatches } from './naming-template';

describe('naming templates', () => {
  const sut = compileTemplate('{domain}.{entity}.{event}');
  const words = { event: ['created', 'updated', 'deleted'] };

  it('accepts a name that follows the template, in the entry\'s domain, with allowed words', () => {
    expect(templateMismatches(sut, 'orders.order-line.created', { domain: 'orders', words })).toEqual([]);
  });

  it('says when a name does not follow the template', () => {
    expect(templateMismatches(sut, 'OrderCreated', { domain: 'orders', words })).toEqual([
      "'OrderCreated' does not follow the template {domain}.{entity}.{event} (placeholders are lower-case words, kebab-case allowed)",
    ]);
    expect(templateMismatches(sut, 'orders.order', { domain: 'orders', words })).toHaveLength(1);
    expect(templateMismatches(sut, 'orders.order.line.created', { domain: 'orders', words })).toHaveLength(1);
  });

  it('requires {domain} to be the entry\'s own domain', () => {
    expect(templateMismatches(sut, 'payments.order.created', { domain: 'orders', words })).toEqual([
      "{domain} is 'payments' but the entry belongs to domain 'orders'",
    ]);
  });

  it('limits a placeholder to its allowed words', () => {
    expect(templateMismatches(sut, 'orders.order.shipped', { domain: 'orders', words })).toEqual([
      "{event} is 'shipped', which is not one of the allowed words: created, updated, deleted",
    ]);
  });

  it('gives an example name for the fix', () => {
    expect(templateExample(sut, { domain: 'orders', words })).toBe('orders.<entity>.created');
  });

  it.each([
    ['', 'empty'],
    ['{a}.{a}', 'appears twice'],
    ['{a}{b}', 'separated'],
    ['{a}-{b}', 'separated'],
    ['{a}.x}', 'brace'],
    ['{a} {b}', 'literal text'],
  ])('refuses the template %p (%s)', (template, reason) => {
    expect(invalidTemplateReason(template)).toContain(reason);
  });
});
