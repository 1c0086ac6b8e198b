import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * One error per operation nested deeper than `maxDepth` fields (`{ a { b } }` is 2), following
 * fragments. Introspection fields (`__schema`, `__type`) are not counted: GraphiQL's own query
 * nests `ofType` a dozen levels, and introspection is off in production anyway.
 */
export function depthLimitErrors(document: DocumentNode, maxDepth: number): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  // A fragment's depth does not depend on where it is spread, so each is measured once.
  const fragmentDepths = new Map<string, number>();
  const depthOf = (set: SelectionSetNode, visiting: Set<string>): number => {
    let max = 0;
    for (const sel of set.selections) {
      let depth: number;
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        depth = 1 + (sel.selectionSet ? depthOf(sel.selectionSet, visiting) : 0);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        depth = depthOf(sel.selectionSet, visiting);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        // Unknown or cyclic spreads are reported by graphql's own rules.
        if (!fragment || visiting.has(name)) continue;
        let known = fragmentDepths.get(name);
        if (known === undefined) {
          visiting.add(name);
          known = depthOf(fragment.selectionSet, visiting);
          visiting.delete(name);
          fragmentDepths.set(name, known);
        }
        depth = known;
      }
      max = Math.max(max, depth);
    }
    return max;
  };
  const errors: GraphQLError[] = [];
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(def.selectionSet, new Set());
    if (depth > maxDepth) {
      const name = def.name ? `operation "${def.name.value}"` : 'the operation';
      errors.push(
        new GraphQLError(`${name} is nested ${depth} levels deep; the limit is ${maxDepth}`, {
          nodes: [def],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      );
    }
  }
  return errors;
}

/** depthLimitErrors as a validation rule, for Apollo's `validationRules`. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    for (const error of depthLimitErrors(context.getDocument(), maxDepth)) context.reportError(error);
    return {};
  };
}
