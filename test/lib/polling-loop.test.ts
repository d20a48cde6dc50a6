import { PollingLoop } from '../../lib/federation/polling-loop';

const MINUTE_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A loop pausing `pauseMs` between iterations, recording when each started.
 * With `holdFirst`, the first iteration lasts until `release()` is called.
 */
function recordingLoop(pauseMs: number, { holdFirst = false } = {}) {
  const started: number[] = [];
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const loop = new PollingLoop(
    async () => {
      started.push(Date.now());
      if (holdFirst && started.length === 1) await held;
    },
    () => pauseMs,
  );
  return { loop, started, release: () => release() };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('PollingLoop.wake', () => {
  it('starts the next iteration at once instead of after the pause', async () => {
    const { loop, started } = recordingLoop(MINUTE_MS);
    loop.start();
    await until(() => started.length === 1);
    loop.wake();
    await until(() => started.length === 2);
    expect(started[1] - started[0]).toBeLessThan(1000);
    await loop.stop();
  });

  it('runs one more iteration right after the one in progress, however many wakes came during it', async () => {
    const { loop, started, release } = recordingLoop(MINUTE_MS, { holdFirst: true });
    loop.start();
    await until(() => started.length === 1);
    loop.wake();
    loop.wake();
    release();
    await until(() => started.length === 2);
    await sleep(100);
    expect(started).toHaveLength(2);
    await loop.stop();
  });

  it('keeps one schedule when restarted before the iteration of its stop has finished', async () => {
    const { loop, started, release } = recordingLoop(300, { holdFirst: true });
    loop.start();
    await until(() => started.length === 1);
    void loop.stop();
    loop.start();
    release();
    await until(() => started.length === 2);
    // The restarted loop's next iteration comes after one pause; the stopped one schedules nothing more.
    await sleep(450);
    expect(started).toHaveLength(3);
    await loop.stop();
  });

  it('does nothing once the loop is stopped', async () => {
    const { loop, started } = recordingLoop(MINUTE_MS);
    loop.start();
    await until(() => started.length === 1);
    await loop.stop();
    loop.wake();
    await sleep(100);
    expect(started).toHaveLength(1);
  });
});
