import { buildSchema, parse } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_PAGE, pagedListEstimator } from './query-complexity.plugin.js';

const schema = buildSchema(`
  type Item { id: ID! name: String }
  type Query { items(first: Int = 50): [Item!]! one: Item }
`);
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({
    schema,
    query: parse(query),
    variables,
    estimators: [pagedListEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });

describe('pagedListEstimator', () => {
  it('multiplies a page by first, from a literal, a variable or the default', () => {
    expect(cost('{ items(first: 10) { id name } }')).toBe(1 + 10 * 2);
    expect(cost('query($n: Int) { items(first: $n) { id } }', { n: 100 })).toBe(1 + 100);
    expect(cost('{ items { id } }')).toBe(1 + 50);
  });

  it('counts a page over the largest any list serves as that largest page', () => {
    expect(cost('{ items(first: 100000) { id } }')).toBe(1 + MAX_COUNTED_PAGE);
  });

  it('counts other fields once and adds aliases up', () => {
    expect(cost('{ one { id name } }')).toBe(3);
    expect(cost('{ a: items(first: 100) { id } b: items(first: 100) { id } }')).toBe(2 * 101);
  });
});
