/** Closes servers and pools on SIGTERM (orchestrators) or SIGINT (Ctrl-C), then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  const shutdown = (): void => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
