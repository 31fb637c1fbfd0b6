// Per-operation Prometheus metrics (counts, durations by phase, errors) whose label values cannot
// grow without bound. Operation names come from clients, so a name becomes a label only when it is
// a GraphQL name of at most 64 characters, names an operation of a document that parsed and
// validated, was sent with a valid token, and fewer than 100 names were admitted before it; every
// other request counts under one label: `invalid` (did not parse or validate, or names no operation
// of its document), `unauthenticated` (no valid token) or `other` (past the cap). Error paths
// (client-chosen aliases, list indices) are never labels.
import { createCounter, createHistogram, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';
import { getOperationAST } from 'graphql';
import type { FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';

export const MAX_OPERATION_NAMES = 100;
export const MAX_OPERATION_NAME_LENGTH = 64;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The operationName label of a request: its name, `anonymous`, `invalid`, `unauthenticated` or `other`; admits at most `max` names. */
export function operationNameLabeler(max = MAX_OPERATION_NAMES) {
  const admitted = new Set<string>();
  return (params: FillLabelsFnParams, context: unknown): string => {
    if (params.errorPhase === 'parse' || params.errorPhase === 'validate' || !params.document) return 'invalid';
    if (!(context as { req?: FastifyRequest }).req?.viewer) return 'unauthenticated';
    const name = params.operationName;
    // The plugin reports a nameless operation as 'Anonymous'; a real operation may be named that too.
    if (!name || (name === 'Anonymous' && !getOperationAST(params.document, name))) return 'anonymous';
    if (name.length > MAX_OPERATION_NAME_LENGTH || !GRAPHQL_NAME.test(name) || !getOperationAST(params.document, name)) return 'invalid';
    if (!admitted.has(name)) {
      if (admitted.size >= max) return 'other';
      admitted.add(name);
    }
    return name;
  };
}

/** The operation metrics for usePrometheus, in `registry`, labelled through one labeler. */
export function operationMetrics(registry: Registry) {
  const nameOf = operationNameLabeler();
  type Label = 'operationType' | 'operationName';
  const labelNames: Label[] = ['operationType', 'operationName'];
  const labels = (params: FillLabelsFnParams, context: unknown) => ({ operationType: params.operationType ?? 'unknown', operationName: nameOf(params, context) });
  const histogram = <P extends string>(name: string, help: string, phases: [P, ...P[]]) =>
    createHistogram<P, Label>({ registry, histogram: { name, help, labelNames }, fillLabelsFn: labels, phases });
  return {
    graphql_envelop_request: createCounter<'execute' | 'subscribe', Label>({
      registry,
      counter: { name: 'graphql_envelop_request', help: 'Counts the amount of GraphQL requests executed through Envelop', labelNames },
      fillLabelsFn: labels,
      phases: ['execute', 'subscribe'],
    }),
    graphql_envelop_request_duration: histogram<'execute' | 'subscribe'>('graphql_envelop_request_duration', 'Time spent on running the GraphQL operation from parse to execute', ['execute', 'subscribe']),
    // Parsing comes before validation, so its name could not be checked yet: by operation type only.
    graphql_envelop_phase_parse: createHistogram<'parse', 'operationType'>({
      registry,
      histogram: { name: 'graphql_envelop_phase_parse', help: 'Time spent on running GraphQL "parse" function', labelNames: ['operationType'] },
      fillLabelsFn: (params: FillLabelsFnParams) => ({ operationType: params.operationType ?? 'unknown' }),
      phases: ['parse'],
    }),
    graphql_envelop_phase_validate: histogram<'validate'>('graphql_envelop_phase_validate', 'Time spent on running GraphQL "validate" function', ['validate']),
    graphql_envelop_phase_execute: histogram<'execute'>('graphql_envelop_phase_execute', 'Time spent on running the GraphQL "execute" function', ['execute']),
    graphql_envelop_error_result: createCounter<'parse' | 'validate' | 'context' | 'execute' | 'subscribe', Label | 'phase'>({
      registry,
      counter: { name: 'graphql_envelop_error_result', help: 'Counts the amount of errors reported from all phases', labelNames: [...labelNames, 'phase'] },
      fillLabelsFn: (params: FillLabelsFnParams, context: unknown) => ({ ...labels(params, context), phase: params.errorPhase ?? 'unknown' }),
      phases: ['parse', 'validate', 'context', 'execute', 'subscribe'],
    }),
  };
}
