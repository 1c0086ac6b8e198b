import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { JetfleetException } from '../common/jetfleet.exception.js';
import type { NewAuditRow } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';
import { summarizeInput } from './audit-input.util.js';
import { authOf } from './request-auth.js';

function errorCode(error: unknown): string {
  if (error instanceof JetfleetException) return error.code;
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original instanceof JetfleetException) return original.code;
    const code = error.extensions.code;
    if (typeof code === 'string') return code;
  }
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * The one place mutations are audited: every root field of a mutation operation, whether it
 * succeeded, failed, or was refused by the RolesGuard (which runs inside the field). Entries of a
 * request are written together before its response is sent, so a client that sees the answer can
 * find the row. Requests without a valid key are recorded too, with no actor.
 */
@Plugin()
export class AuditPlugin implements ApolloServerPlugin {
  constructor(private readonly audit: AuditLogService) {}

  requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const entries: NewAuditRow[] = [];
    return Promise.resolve({
      executionDidStart: (requestContext) => {
        // Queries pay nothing: no field hook unless the operation is a mutation.
        if (requestContext.operation?.operation !== OperationTypeNode.MUTATION) return Promise.resolve();
        return Promise.resolve({
          willResolveField: ({ info, args, contextValue }) => {
            if (info.path.prev !== undefined) return;
            // Nest's exception filters hand a resolver's error back as its result, not as a rejection.
            return (thrown: Error | null, result?: unknown) => {
              const error = thrown ?? (result instanceof Error ? result : null);
              const principal = authOf(contextValue)?.principal ?? null;
              entries.push({
                at: new Date(),
                actorKeyId: principal?.keyId ?? null,
                actorName: principal?.name ?? null,
                role: principal?.role ?? null,
                action: info.fieldName,
                inputSummary: summarizeInput(args),
                outcome: error ? 'error' : 'ok',
                errorCode: error ? errorCode(error) : null,
              });
            };
          },
        });
      },
      willSendResponse: async () => {
        if (entries.length) await this.audit.record(entries.splice(0));
      },
    });
  }
}
