// Typed GraphQL documents (docs/console.md, "GraphQL documents"): write a `graphql` call with a query and
// gql.tada infers the result and variables from src/graphql-env.d.ts, which is generated from the
// repository's schema.graphql (npm run web:schema). test/web/documents.test.ts validates every
// document under web/src against schema.graphql, so a wrong field fails npm test.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Date: string; DateTime: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
