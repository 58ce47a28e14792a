/**
 * The sweep timer keeps applying what time decides, takes a changed interval from the next tick
 * on, and stops for good when the emulator closes — also when closed from inside a sweep.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { startSweepTimer } from '../../../../electron/core/sandbox/emulator-kit/sweep-timer.ts';

describe('sweep timer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('sweeps every interval until stopped', () => {
    let sweeps = 0;
    const timer = startSweepTimer(() => sweeps++, () => 100);
    mock.timers.tick(99);
    assert.equal(sweeps, 0);
    mock.timers.tick(1);
    assert.equal(sweeps, 1);
    for (let tick = 0; tick < 3; tick++) mock.timers.tick(100);
    assert.equal(sweeps, 4);
    timer.stop();
    mock.timers.tick(1000);
    assert.equal(sweeps, 4);
  });

  it('reads the interval again before each wait', () => {
    let interval = 100;
    const at: number[] = [];
    let now = 0;
    const timer = startSweepTimer(() => at.push(now), () => interval);
    now = 100;
    mock.timers.tick(100);
    interval = 500;
    // The wait already armed keeps its 100 ms; the one after it takes 500 ms.
    now = 200;
    mock.timers.tick(100);
    now = 600;
    mock.timers.tick(400);
    assert.deepEqual(at, [100, 200]);
    now = 700;
    mock.timers.tick(100);
    assert.deepEqual(at, [100, 200, 700]);
    timer.stop();
  });

  it('does not re-arm when stopped by the sweep itself', () => {
    let sweeps = 0;
    const timer = startSweepTimer(() => {
      sweeps++;
      timer.stop();
    }, () => 10);
    for (let tick = 0; tick < 10; tick++) mock.timers.tick(10);
    assert.equal(sweeps, 1);
  });
});
