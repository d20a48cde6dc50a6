import { PollingLoop } from '../../lib/federation/polling-loop';

const PAUSE_MS = 60_000;

/** A loop that pauses a minute between iterations, recording when each started. */
function minuteLoop(iteration: () => Promise<void> = async () => undefined) {
  const started: number[] = [];
  const loop = new PollingLoop(
    async () => {
      started.push(Date.now());
      await iteration();
    },
    () => PAUSE_MS,
  );
  return { loop, started };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('PollingLoop.wake', () => {
  it('starts the next iteration at once instead of after the pause', async () => {
    const { loop, started } = minuteLoop();
    loop.start();
    await until(() => started.length === 1);
    loop.wake();
    await until(() => started.length === 2);
    expect(started[1] - started[0]).toBeLessThan(1000);
    await loop.stop();
  });

  it('runs one more iteration right after the one in progress, however many wakes came during it', async () => {
    let release!: () => void;
    const { loop, started } = minuteLoop(() =>
      started.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve(),
    );
    loop.start();
    await until(() => started.length === 1);
    loop.wake();
    loop.wake();
    release();
    await until(() => started.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toHaveLength(2);
    await loop.stop();
  });

  it('keeps one schedule when restarted before the iteration of its stop has finished', async () => {
    let release!: () => void;
    const started: number[] = [];
    const loop = new PollingLoop(
      async () => {
        started.push(Date.now());
        if (started.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      () => 300,
    );
    loop.start();
    await until(() => started.length === 1);
    void loop.stop();
    loop.start();
    release();
    await until(() => started.length === 2);
    // The restarted loop's next iteration comes after one pause; the stopped one schedules nothing more.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(started).toHaveLength(3);
    await loop.stop();
  });

  it('does nothing once the loop is stopped', async () => {
    const { loop, started } = minuteLoop();
    loop.start();
    await until(() => started.length === 1);
    await loop.stop();
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toHaveLength(1);
  });
});
