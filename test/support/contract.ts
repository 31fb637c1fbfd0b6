// The client documents of the public API, as this repository keeps them (test/contract/operations.graphql),
// and the operations among them whose server side has not landed yet. Every test that sends contract
// documents reads them from here, so a clone of this repository alone runs the whole suite.
import { readFileSync } from 'node:fs';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

export const contractPath = new URL('../contract/operations.graphql', import.meta.url);
export const contractSource = readFileSync(contractPath, 'utf8');
export const contractDocument = parse(contractSource);
export const contractOperations = contractDocument.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** Each operation's own text, exactly as the file has it, with its parsed node. */
export const OPS = new Map(
  contractOperations.map((d) => [d.name!.value, { text: contractSource.slice(d.loc!.start, d.loc!.end), kind: d.operation, node: d }]),
);

/**
 * Contract operations whose server side does not exist yet, each with the issue that builds it.
 * test/api/schema.test.ts fails as soon as one of them validates, so this list only shrinks:
 * remove a name in the change that serves it.
 */
export const PENDING = new Map<string, string>([]);

/** The operation's text by name; throws for a name the contract does not have. */
export function op(name: string): string {
  const found = OPS.get(name);
  if (!found) throw new Error(`no operation ${name} in test/contract/operations.graphql`);
  return found.text;
}
