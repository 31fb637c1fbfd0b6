// Trusted documents (TRUSTED_DOCUMENTS=<file>): the service then runs only the GraphQL documents
// listed in that file, so that nobody can probe the schema with documents of their own (validation
// messages tell whether a guessed field exists). The file is a JSON object from the lower-case hex
// SHA-256 of each document's exact text to that text (GraphQL Code Generator's persisted-documents
// format with sha256). A client sends `documentId: "sha256:<hash>"` (or Apollo's
// `extensions.persistedQuery.sha256Hash`), or the exact text of a listed document.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError } from '../config.js';

export function documentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads and checks the file: every key must be the SHA-256 of its document, and every document must parse. */
export function loadTrustedDocuments(path: string): Map<string, DocumentNode> {
  let listed: unknown;
  try {
    listed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('TRUSTED_DOCUMENTS', `cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
    throw new ConfigError('TRUSTED_DOCUMENTS', `${path} must hold a JSON object from SHA-256 hashes to documents`);
  }
  const documents = new Map<string, DocumentNode>();
  for (const [hash, text] of Object.entries(listed)) {
    if (typeof text !== 'string' || documentHash(text) !== hash) {
      throw new ConfigError('TRUSTED_DOCUMENTS', `${path}: "${hash.slice(0, 20)}" is not the SHA-256 of its document`);
    }
    try {
      documents.set(hash, parse(text));
    } catch (error) {
      throw new ConfigError('TRUSTED_DOCUMENTS', `${path}: document ${hash.slice(0, 12)} does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return documents;
}

const refusal = (message: string) => ({ message, extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { spec: true, status: 400 } } });

/** Serves only `documents`; anything else is TRUSTED_DOCUMENT_REQUIRED before it is parsed. */
export function trustedDocumentsPlugins(documents: ReadonlyMap<string, DocumentNode>): Plugin[] {
  return [
    {
      // The exact text of a listed document stands for its id.
      onParams({ params, setParams }) {
        if (typeof params.query !== 'string') return;
        const hash = documentHash(params.query);
        if (!documents.has(hash)) return;
        setParams({ operationName: params.operationName, variables: params.variables, extensions: params.extensions, documentId: `sha256:${hash}` } as GraphQLParams);
      },
    },
    usePersistedOperations({
      getPersistedOperation: (hash) => documents.get(hash) ?? null,
      extractPersistedOperationId: (params) => {
        const id = (params as GraphQLParams & { documentId?: unknown }).documentId;
        return typeof id === 'string' ? id.replace(/^sha256:/, '') : defaultExtractPersistedOperationId(params, undefined as never, {});
      },
      customErrors: {
        notFound: refusal('No trusted document has this id (TRUSTED_DOCUMENTS).'),
        persistedQueryOnly: refusal('This server runs only its trusted documents (TRUSTED_DOCUMENTS); this document is not one of them.'),
        keyNotFound: refusal('Send a trusted document: its documentId ("sha256:<hash>") or its exact text.'),
      },
    }) as Plugin,
  ];
}
