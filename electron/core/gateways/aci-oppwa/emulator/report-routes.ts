/**
 * The transaction report for a time frame (fact sheet §5.3; hyperpay.docs.oppwa.com's reporting
 * page: `/v3/query` is the reporting endpoint "with more filtering options and pagination", with
 * `date.from`/`date.to` and `paymentTypes`). The page size and page parameters are not published:
 * the sandbox reads `limit` (1–1000, default 100) and a 1-based `pageNo`, answers the page's
 * transactions in `payments`, oldest first, and says `pageNo`, `totalPages` and `entityId` beside
 * them. A range with no transaction is 700.400.580, like any query that finds nothing.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { answer, codeAnswer, envelope, parameterErrorAnswer, result } from './answers.ts';
import type { OppwaPlatform } from './platform.ts';
import type { ParameterError } from './wire-format.ts';

const REPORT_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** `YYYY-MM-DD HH:MM:SS`, UTC, the platform's timestamp without its offset; null otherwise. */
function reportTime(text: string | null): Date | null {
  const match = REPORT_TIME.exec(text ?? '');
  if (match === null) return null;
  const at = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

function whole(text: string | null, fallback: number, min: number, max: number): number | null {
  if (text === null || text === '') return fallback;
  if (!/^\d{1,7}$/.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

export function reportRoutes(platform: OppwaPlatform): EmulatorRoute[] {
  const { book, now, view, authenticate, settings } = platform;

  function timeFrame(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request, request.query.get('entityId'));
    if (!auth.ok) return auth.response;
    const { entityId } = auth.value;
    const from = reportTime(request.query.get('date.from'));
    const to = reportTime(request.query.get('date.to'));
    const limit = whole(request.query.get('limit'), 100, 1, 1000);
    const pageNo = whole(request.query.get('pageNo'), 1, 1, 1_000_000);
    const errors: ParameterError[] = [];
    if (from === null) errors.push({ name: 'date.from', value: request.query.get('date.from'), message: 'must be YYYY-MM-DD HH:MM:SS' });
    if (to === null) errors.push({ name: 'date.to', value: request.query.get('date.to'), message: 'must be YYYY-MM-DD HH:MM:SS' });
    if (from !== null && to !== null && to.getTime() < from.getTime()) errors.push({ name: 'date.to', message: 'must not be before date.from' });
    if (limit === null) errors.push({ name: 'limit', value: request.query.get('limit'), message: 'must be from 1 to 1000' });
    if (pageNo === null) errors.push({ name: 'pageNo', value: request.query.get('pageNo'), message: 'must be a page number from 1' });
    if (errors.length > 0 || from === null || to === null || limit === null || pageNo === null) return parameterErrorAnswer(entityId, errors, now());
    const types = request.query.get('paymentTypes')?.split(',').filter((type) => type !== '') ?? [];
    // date.to names a second: everything up to the end of it.
    const until = to.getTime() + 999;
    const inFrame = book
      .all()
      .filter((transaction) => transaction.entityId === entityId && transaction.createdAt.getTime() >= from.getTime() && transaction.createdAt.getTime() <= until)
      .filter((transaction) => types.length === 0 || types.includes(transaction.paymentType))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    if (inFrame.length === 0) return codeAnswer(settings().notFoundHttpStatus, '700.400.580', entityId, now());
    const totalPages = Math.ceil(inFrame.length / limit);
    const payments = inFrame.slice((pageNo - 1) * limit, pageNo * limit).map(view);
    return answer(200, { result: result('000.000.100'), payments, pageNo, totalPages, entityId, ...envelope(entityId, now()) });
  }

  return [{ method: 'GET', path: '/v3/query', handle: timeFrame }];
}
