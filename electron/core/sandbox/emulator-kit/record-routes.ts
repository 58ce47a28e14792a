/**
 * The control routes that show an emulator's records as it books them: `GET /<collection>` lists
 * them all, `GET /<collection>/:id` shows one (brought up to date first, so a test sees what time
 * has decided) or answers 404.
 */
import type { EmulatorRoute } from '../../gateways/types.ts';
import { controlNotFound } from './control-answers.ts';

export interface RecordCollection<Entry> {
  /** The path segment and the list's key, e.g. `transactions`. */
  readonly collection: string;
  /** One record as the 404 names it, e.g. `transaction`. */
  readonly noun: string;
  all(): readonly Entry[];
  find(id: string): Entry | null;
  view(entry: Entry): unknown;
  /** Applies time-driven changes to one record before it is shown. */
  touch?(entry: Entry): void;
}

export function recordRoutes<Entry>(records: RecordCollection<Entry>): EmulatorRoute[] {
  return [
    { method: 'GET', path: `/${records.collection}`, handle: () => ({ status: 200, body: { [records.collection]: records.all().map((entry) => records.view(entry)) } }) },
    {
      method: 'GET',
      path: `/${records.collection}/:id`,
      handle(request) {
        const id = request.params['id'] ?? '';
        const entry = records.find(id);
        if (entry === null) return controlNotFound(records.noun, id);
        records.touch?.(entry);
        return { status: 200, body: records.view(entry) };
      },
    },
  ];
}
