import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimitRule } from './depth-limit.rule.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node }
  type Query { node: Node }
`);
const errors = (query: string, max: number) =>
  validate(schema, parse(query), [depthLimitRule(max)]).map((e) => e.message);

describe('depthLimitRule', () => {
  it('accepts an operation at the limit and refuses one past it, naming both depths', () => {
    expect(errors('{ node { child { id } } }', 3)).toEqual([]);
    expect(errors('query Deep { node { child { child { id } } } }', 3)).toEqual([
      'operation "Deep" is nested 4 levels deep; the limit is 3',
    ]);
  });

  it('counts depth through fragments and inline fragments', () => {
    const query = `
      fragment A on Node { child { ...B } }
      fragment B on Node { child { id } }
      { node { ... on Node { ...A } } }`;
    expect(errors(query, 4)).toEqual([]);
    expect(errors(query, 3)).toEqual(['the operation is nested 4 levels deep; the limit is 3']);
  });

  it('does not count introspection fields', () => {
    expect(errors('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 2)).toEqual([]);
  });
});
