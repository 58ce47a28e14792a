import assert from 'node:assert/strict';

/**
 * Polls `probe` until it returns a value (anything but undefined). Waits are for asynchronous
 * deliveries (webhook retries back off 1 s, 2 s…), so the default leaves room for a busy machine.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
