/** Named laps in milliseconds, for step timings in log lines (durations only, never data). */
export function stopwatch(): { lap(name: string): void; laps: Record<string, number> } {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      last = now;
    },
  };
}
