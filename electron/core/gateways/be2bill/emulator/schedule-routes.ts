/**
 * N-times schedules (fact sheet §4, §9): the platform charges each later instalment on its date
 * (by the sandbox clock) and notifies it; `stopntimes` on the SCHEDULEID (the first payment's
 * TRANSACTIONID) stops what is still due — 2010 unknown, 2011 already stopped, 2012 nothing left.
 */
import type { MethodHandler, Platform } from './platform.ts';
import { scalarParam } from './platform-form.ts';

export interface ScheduleFlow {
  readonly routes: Record<'stopntimes', MethodHandler>;
  chargeDueInstalments(): void;
}

export function scheduleFlow(platform: Platform): ScheduleFlow {
  const { answers, book, money } = platform;

  const stopNTimes: MethodHandler = (context) => {
    const scheduleId = scalarParam(context.params, 'SCHEDULEID');
    if (scheduleId === undefined) return answers.missing('stopntimes', 'SCHEDULEID');
    const schedule = book.schedule(scheduleId);
    const echo = { SCHEDULEID: scheduleId };
    if (schedule === null || schedule.identifier !== context.account.identifier) return answers.reply('stopntimes', '2010', echo);
    if (schedule.stopped) return answers.reply('stopntimes', '2011', echo);
    const due = schedule.instalments.filter((instalment) => instalment.state === 'due');
    if (due.length === 0) return answers.reply('stopntimes', '2012', echo);
    for (const instalment of due) instalment.state = 'stopped';
    schedule.stopped = true;
    return answers.reply('stopntimes', '0000', echo);
  };

  function chargeDueInstalments(): void {
    const today = platform.platformDay(platform.now());
    for (const schedule of book.schedules()) {
      const first = book.get(schedule.id);
      if (first === null || !money.succeeded(first) || schedule.stopped) continue;
      for (const instalment of schedule.instalments) {
        if (instalment.state !== 'due' || instalment.date > today) continue;
        const transaction = platform.record(
          {
            identifier: first.identifier,
            operationType: 'payment',
            orderId: first.orderId,
            description: first.description,
            clientIdent: first.clientIdent,
            clientEmail: first.clientEmail,
            amountMinor: instalment.amountMinor,
            referenceId: null,
            card: first.card,
            version: first.version,
            execCode: schedule.nextOutcomes.shift() ?? '0000',
          },
          { scheduleId: schedule.id, instalmentDate: instalment.date },
        );
        instalment.state = money.succeeded(transaction) ? 'charged' : 'declined';
        instalment.transactionId = transaction.id;
        void platform.notify(transaction, false);
      }
    }
  }

  return { routes: { stopntimes: stopNTimes }, chargeDueInstalments };
}
