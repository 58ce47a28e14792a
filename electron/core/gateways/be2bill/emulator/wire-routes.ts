/**
 * The platform's two hosts (fact sheet §1): `/primary/…` and `/fallback/…` share every
 * transaction, so a client that fails over finds what the other host did; the settings make
 * either host fail (HTTP 503, dropped connection before or after acting, 5001/5003 without
 * acting). On each host a POST form to the process path or the export path goes through the
 * checks every method shares (§11) — no query string (1006), a readable form (1005), the method
 * served on that path, IDENTIFIER (1001/3001), HASH (1001/1003, nothing changed), VERSION 2.0 or
 * 3.0 (§2), OPERATIONTYPE equal to the method (§1) — then to the method's flow. A GET is refused
 * with 1006. Notifications go out before or after the answer, as the settings say (§8).
 */
import { TransportFault } from '../../../sandbox/transport-fault.ts';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import type { Reply } from './answers.ts';
import type { MethodHandler, Platform } from './platform.ts';
import { readPlatformRequest, scalarParam } from './platform-form.ts';
import { platformHashMatches } from './platform-hash.ts';

type HostRole = 'primary' | 'fallback';
type Handlers = Readonly<Record<string, MethodHandler>>;

const VERSIONS = ['2.0', '3.0'];
const PROCESS_PATHS = ['/front/service/rest/process', '/front/service/rest/process.php'];
const EXPORT_PATH = '/front/service/rest/export';

export interface WireRoutes {
  readonly routes: EmulatorRoute[];
  hits(): Record<HostRole, number>;
  /** Drops the notifications still queued to follow an answer. */
  close(): void;
}

export interface WirePaths {
  /** payment, authorization, capture, refund, credit, stopntimes. */
  readonly process: Handlers;
  /** getTransactions and the reports. */
  readonly export: Handlers;
}

export function wireRoutes(platform: Platform, paths: WirePaths, sweep: () => void): WireRoutes {
  const { answers } = platform;
  const hits: Record<HostRole, number> = { primary: 0, fallback: 0 };
  const timers = new Set<NodeJS.Timeout>();

  function checkedRequest(request: EmulatorRequest, handlers: Handlers): Reply {
    if ([...request.query.keys()].length > 0) return answers.reply(null, '1006');
    const { method, params, unreadable } = readPlatformRequest(request.rawBody);
    if (method === null || unreadable.length > 0) return answers.reply(method, '1005');
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (handler === undefined) return answers.reply(method, '1005', {}, `The method "${method}" is not served on this path.`);
    const identifier = scalarParam(params, 'IDENTIFIER');
    if (identifier === undefined) return answers.missing(method, 'IDENTIFIER');
    const account = platform.accounts.byIdentifier(identifier);
    if (account === null) return answers.reply(method, '3001');
    if (scalarParam(params, 'HASH') === undefined) return answers.missing(method, 'HASH');
    if (!platformHashMatches(account.password, params)) return answers.reply(method, '1003');
    const version = scalarParam(params, 'VERSION');
    if (version === undefined) return answers.missing(method, 'VERSION');
    if (!VERSIONS.includes(version)) return answers.invalid(method, 'VERSION');
    const operationType = scalarParam(params, 'OPERATIONTYPE');
    if (operationType === undefined) return answers.missing(method, 'OPERATIONTYPE');
    if (operationType !== method) return answers.invalid(method, 'OPERATIONTYPE');
    sweep();
    return handler({ account, method, params, version });
  }

  async function notifyAround(result: Reply): Promise<EmulatorResponse> {
    const setting = platform.settings().notificationTiming;
    const timing = setting === 'random' ? (Math.random() < 0.5 ? 'before' : 'after') : setting;
    if (timing === 'before') {
      for (const transaction of result.notify) await platform.notify(transaction, true);
    } else if (result.notify.length > 0) {
      // Queued once the answer is on its way, so that it arrives after it.
      const timer = setTimeout(() => {
        timers.delete(timer);
        for (const transaction of result.notify) void platform.notify(transaction, false);
      }, 20);
      timer.unref();
      timers.add(timer);
    }
    return result.response;
  }

  function postRoute(path: string, handlers: Handlers): EmulatorRoute {
    return {
      method: 'POST',
      path: `/:host${path}`,
      async handle(request) {
        const host = request.params['host'];
        if (host !== 'primary' && host !== 'fallback') return { status: 404, body: { error: 'not_found', message: 'The Be2bill hosts are /primary and /fallback' } };
        hits[host] += 1;
        const state = host === 'primary' ? platform.settings().primaryHost : platform.settings().fallbackHost;
        if (state === 'http-503') return htmlPage(503, 'Service Unavailable', '<p>The server is temporarily unable to service your request.</p>');
        if (state === 'reset') throw new TransportFault('reset');
        if (state === '5001' || state === '5003') return answers.reply(readPlatformRequest(request.rawBody).method, state).response;
        const response = await notifyAround(checkedRequest(request, handlers));
        if (state === 'reset-after') throw new TransportFault('reset');
        return response;
      },
    };
  }

  function getRefused(path: string): EmulatorRoute {
    return { method: 'GET', path: `/:host${path}`, handle: () => answers.reply(null, '1006', {}, 'GET parameters are forbidden: send a POST.').response };
  }

  const routes = [...PROCESS_PATHS.map((path) => postRoute(path, paths.process)), postRoute(EXPORT_PATH, paths.export), ...[...PROCESS_PATHS, EXPORT_PATH].map(getRefused)];
  return {
    routes,
    hits: () => ({ ...hits }),
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
