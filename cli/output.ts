/**
 * Output helpers: machine output on stdout, human progress on stderr (so --json stays parseable).
 *
 * On Linux, writes to a pipe are asynchronous: what the reader has not taken yet waits in this process.
 * `exitAfterOutput` therefore waits until both streams have handed everything to the OS before it exits,
 * so `tipline cases --json | jq` gets the whole document, however slowly it reads. A reader that goes away
 * early (`| head`) is not an error of ours: the rest is dropped and the exit code stays the command's.
 */
export const print = (text: string): void => void process.stdout.write(`${text}\n`);
export const progress = (text: string): void => void process.stderr.write(`${text}\n`);
export const printJson = (value: unknown): void => print(JSON.stringify(value));

/** Resolves once everything written to the stream so far has been flushed (or the stream can take no more). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  // Writes complete in order: the callback of an empty write runs after every earlier write has.
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

let writeFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // EPIPE: the reader closed its end. Anything else is a real failure to deliver our output.
    if (err.code !== 'EPIPE') writeFailed = true;
  });
}

/** Exit with `code` once stdout and stderr are flushed (2 when the output could not be written). */
export async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(writeFailed ? 2 : code);
}
