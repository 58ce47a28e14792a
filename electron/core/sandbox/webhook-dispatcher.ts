/**
 * Webhook delivery shared by the emulators: POSTs each notification to the merchant's URL, retries
 * on a schedule until the gateway's own acknowledgement rule is met, and can misbehave the way
 * real gateways do (at-least-once, unordered): deliver twice, or hold a batch and deliver it
 * newest first. Deliveries go out one at a time so "in order" and "reordered" mean something.
 * Timers are real time (the receiver is a real HTTP server); schedules come from the emulator.
 */

export interface WebhookMessage {
  /** The gateway's id of this notification (SIBS notificationID); duplicates share it. */
  readonly id: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** What the message is about, for the control view (never secret: the body may be). */
  readonly label: string;
}

export interface WebhookDispatcherPolicy {
  /** Delay before retry number `retry` (0 = first retry); null gives up. */
  retryDelayMs(retry: number): number | null;
  isAcknowledged(status: number, body: string, message: WebhookMessage): boolean;
  duplicate(): boolean;
  /** null: deliver as they come; otherwise hold for this many ms and deliver newest first. */
  reorderWindowMs(): number | null;
  timeoutMs(): number;
}

export interface DeliveryAttempt {
  readonly at: Date;
  readonly status: number | null;
  readonly error: string | null;
  readonly acknowledged: boolean;
}

export interface DeliveryRecord {
  readonly sequence: number;
  readonly id: string;
  readonly label: string;
  readonly url: string;
  readonly copy: number;
  readonly attempts: DeliveryAttempt[];
  state: 'queued' | 'retrying' | 'acknowledged' | 'gave-up';
}

export interface WebhookDispatcher {
  send(message: WebhookMessage): void;
  /**
   * Like `send`, and resolves once the first delivery attempt of the message has ended (answered,
   * refused or failed; retries go on as usual). Never rejects. How an emulator delivers a
   * notification before it answers the request that caused it (Be2bill: either order happens).
   */
  sendAndWait(message: WebhookMessage): Promise<void>;
  deliveries(): readonly DeliveryRecord[];
  /** Resolves when nothing is queued, in flight or waiting to be retried. */
  settled(): Promise<void>;
  close(): void;
}

export function createWebhookDispatcher(policy: WebhookDispatcherPolicy): WebhookDispatcher {
  const records: DeliveryRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let held: Array<{ message: WebhookMessage; record: DeliveryRecord }> = [];
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let closed = false;
  let waiters: Array<() => void> = [];
  let sequence = 0;
  const firstAttemptWaiters = new Map<DeliveryRecord, () => void>();

  function firstAttemptEnded(record: DeliveryRecord): void {
    const resolve = firstAttemptWaiters.get(record);
    if (resolve === undefined) return;
    firstAttemptWaiters.delete(record);
    resolve();
  }

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  function done(): void {
    // After close() every pending count was dropped already; an attempt in flight still ends here.
    if (pending === 0) return;
    pending -= 1;
    if (pending === 0) {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    }
  }

  async function attempt(message: WebhookMessage, record: DeliveryRecord): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    let acknowledged = false;
    try {
      const response = await fetch(message.url, { method: 'POST', headers: message.headers, body: message.body, signal: AbortSignal.timeout(policy.timeoutMs()) });
      status = response.status;
      const text = await response.text();
      acknowledged = policy.isAcknowledged(status, text, message);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    record.attempts.push({ at: new Date(), status, error, acknowledged });
    firstAttemptEnded(record);
    if (acknowledged) {
      record.state = 'acknowledged';
      done();
      return;
    }
    const delay = closed ? null : policy.retryDelayMs(record.attempts.length - 1);
    if (delay === null) {
      record.state = 'gave-up';
      done();
      return;
    }
    record.state = 'retrying';
    later(delay, () => enqueue(message, record));
  }

  function enqueue(message: WebhookMessage, record: DeliveryRecord): void {
    if (closed) {
      firstAttemptEnded(record);
      record.state = 'gave-up';
      done();
      return;
    }
    chain = chain.then(() => attempt(message, record));
  }

  function flushHeld(): void {
    const batch = held.reverse();
    held = [];
    for (const entry of batch) enqueue(entry.message, entry.record);
  }

  function send(message: WebhookMessage): DeliveryRecord | null {
    if (closed) return null;
    let first: DeliveryRecord | null = null;
    const copies = policy.duplicate() ? 2 : 1;
    const window = policy.reorderWindowMs();
    for (let copy = 1; copy <= copies; copy += 1) {
      sequence += 1;
      const record: DeliveryRecord = { sequence, id: message.id, label: message.label, url: message.url, copy, attempts: [], state: 'queued' };
      records.push(record);
      first ??= record;
      pending += 1;
      if (window === null) {
        enqueue(message, record);
      } else {
        if (held.length === 0) later(window, flushHeld);
        held.push({ message, record });
      }
    }
    return first;
  }

  return {
    send(message) {
      send(message);
    },
    sendAndWait(message) {
      const record = send(message);
      if (record === null) return Promise.resolve();
      return new Promise<void>((resolve) => firstAttemptWaiters.set(record, resolve));
    },
    deliveries: () => records.map((record) => ({ ...record, attempts: [...record.attempts] })),
    settled() {
      return pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const entry of held) entry.record.state = 'gave-up';
      held = [];
      for (const resolve of firstAttemptWaiters.values()) resolve();
      firstAttemptWaiters.clear();
      pending = 0;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    },
  };
}
