/** The statement period picked as calendar days (UTC), as the instants `recon:import` takes: the end day included. */
export function periodOfDays(fromDay: string, toDay: string): { from: string; to: string } | null {
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const to = Date.parse(`${toDay}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return null;
  return { from: new Date(from).toISOString(), to: new Date(to + 86_400_000).toISOString() };
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
