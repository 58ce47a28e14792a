/**
 * A sandbox statement asked for by the control route (`POST /control/<gatewayId>/statement`) or the
 * `sandbox:statement` channel: the emulator's own rows for the period under the request's terms (or
 * the emulator's INFERRED defaults), written in its gateway's format with the planted discrepancies.
 */
import { sandboxStatementRequestSchema, type SandboxStatementAnswer, type SandboxStatementRequest } from '../../../../shared/domain/sandbox-statement.ts';
import { ValidationError } from '../../errors.ts';
import type { EmulatorRoute } from '../../gateways/types.ts';
import { controlError } from '../emulator-kit/control-answers.ts';
import { parseControlBody } from '../control-routes.ts';
import { statementText } from './statement-generator.ts';
import type { StatementSource } from './statement-rows.ts';

export async function answerStatement(source: StatementSource, request: SandboxStatementRequest): Promise<SandboxStatementAnswer> {
  const parsed = sandboxStatementRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.message ?? 'Invalid statement request', { [issue?.path.join('.') || 'request']: issue?.message ?? 'invalid' });
  }
  const terms = parsed.data;
  const settlement = { fees: terms.fees ?? source.defaults.fees, settlementDays: terms.settlementDays ?? source.defaults.settlementDays };
  const rows = source.rows({ from: terms.from, to: terms.to, ...settlement });
  const { format } = source;
  const file = await statementText({ format, rows, total: rows.length, plant: terms.plant, seed: terms.seed, period: terms });
  return { gatewayId: source.gatewayId, fileName: format.fileName(terms.from, terms.to), contentType: format.contentType, content: file.content, encoding: 'utf8', rows: file.rows, manifest: file.manifest };
}

/** `POST /statement` on the emulator's control routes. */
export function statementControlRoute(source: StatementSource): EmulatorRoute {
  return {
    method: 'POST',
    path: '/statement',
    async handle(request) {
      const body = parseControlBody(request.rawBody, sandboxStatementRequestSchema);
      if (!body.ok) return body.response;
      try {
        return { status: 200, body: await answerStatement(source, body.value) };
      } catch (error) {
        if (error instanceof ValidationError) return controlError(400, 'invalid_body', error.message);
        throw error;
      }
    },
  };
}
