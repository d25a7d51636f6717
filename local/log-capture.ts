/**
 * Lambda log lines (Powertools JSON on stdout and stderr) are diverted to a file while the local runtime
 * runs in this process, the way CloudWatch would keep them apart from the CLI's own output.
 */
import type { WriteStream } from 'node:fs';

const isLogLine = (text: string): boolean => text.startsWith('{"level":');

export function captureLogLines(file: WriteStream): () => void {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf-8');
      if (isLogLine(text)) {
        file.write(text);
        const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        cb?.();
        return true;
      }
      return originals[i]!(chunk as never, ...(rest as []));
    }) as typeof stream.write;
  });
  return () => streams.forEach((stream, i) => (stream.write = originals[i]! as typeof stream.write));
}
