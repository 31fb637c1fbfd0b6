// Variable values are checked here, before execution, so that a bad one is BAD_USER_INPUT with
// its input path as structure (`extensions.field`), not as text inside graphql-js's message. The
// coercion itself is graphql-js's own (coerceInputValue); graphql-js then finds nothing left to
// refuse.
import {
  coerceInputValue,
  getNullableType,
  getOperationAST,
  GraphQLError,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isRequiredInputField,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Path = readonly (string | number)[];

function badInput(field: Path, message: string, node: VariableDefinitionNode): GraphQLError {
  // A request error under GraphQL over HTTP: 400 for application/graphql-response+json, 200 for application/json.
  return new GraphQLError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT', field, http: { spec: true, status: 400 } } });
}

/** The type found at `path` inside `type` (a list given a single value keeps the path of that value). */
function typeAt(type: GraphQLInputType, path: Path): GraphQLInputType {
  let current = getNullableType(type);
  for (const key of path) {
    if (isListType(current)) current = getNullableType(current.ofType as GraphQLInputType);
    if (typeof key === 'string' && isInputObjectType(current)) current = getNullableType(current.getFields()[key]!.type);
  }
  while (isListType(current)) current = getNullableType(current.ofType as GraphQLInputType);
  return current;
}

/**
 * The fields graphql-js reports at an input object itself, in the order it reports them: missing
 * required fields in field order, then unknown fields in the order given.
 */
function fieldsReportedAt(type: GraphQLInputType, value: unknown): string[] {
  if (!isInputObjectType(type) || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const fields = type.getFields();
  const given = value as Record<string, unknown>;
  const missing = Object.values(fields).filter((f) => isRequiredInputField(f) && given[f.name] === undefined);
  return [...missing.map((f) => f.name), ...Object.keys(given).filter((k) => !fields[k])];
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function printPath(name: string, path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), name);
}

/** Every bad variable value of `operation`, each naming its input path, e.g. ['input', 'roles', 0, 'expertise']. */
export function variableErrors(schema: GraphQLSchema, operation: OperationDefinitionNode, inputs: Record<string, unknown>): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const node of operation.variableDefinitions ?? []) {
    const name = node.variable.name.value;
    const type = typeFromAST(schema, node.type);
    // An unknown or output type is a validation error, reported before this runs.
    if (!type || !isInputType(type)) continue;
    if (!Object.hasOwn(inputs, name)) {
      if (!node.defaultValue && isNonNullType(type)) errors.push(badInput([name], `Variable "$${name}" of required type "${String(type)}" was not provided.`, node));
      continue;
    }
    const value = inputs[name];
    if (value === null && isNonNullType(type)) {
      errors.push(badInput([name], `Variable "$${name}" of non-null type "${String(type)}" must not be null.`, node));
      continue;
    }
    const pending = new Map<string, string[]>();
    coerceInputValue(value, type, (path, invalid, error) => {
      // A missing or unknown field is reported at its object; name the field itself.
      const at = JSON.stringify(path);
      if (!pending.has(at)) pending.set(at, fieldsReportedAt(typeAt(type, path), invalid));
      const field = pending.get(at)!.shift();
      const where = path.length ? ` at "${printPath(name, path)}"` : '';
      errors.push(badInput([name, ...path, ...(field ? [field] : [])], `Variable "$${name}" got invalid value ${shown(invalid)}${where}; ${error.message}`, node));
    });
  }
  return errors;
}

/** Refuses an operation whose variables do not fit their types, before anything runs. */
export function variablesPlugin(): Plugin {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown }) => {
    const operation = getOperationAST(args.document, args.operationName);
    // No such operation: graphql-js reports that itself.
    return operation ? variableErrors(args.schema, operation, (args.variableValues ?? {}) as Record<string, unknown>) : [];
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length) setResultAndStopExecution({ errors });
    },
  };
}
