import type { GatewayDescriptor } from '../../../stores/workspace-store.ts';

/** The reports a gateway can be asked for by date range; none means its statements come as files only. */
export function reportNames(gateway: GatewayDescriptor | null): string[] {
  return (gateway?.statementReports ?? []).map((report) => report.name);
}
