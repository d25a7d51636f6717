/**
 * The size of libuv's thread pool in the local runtime: one thread. dynalite's LevelDB store (classic-level)
 * runs every get and put on that pool, and starting each one takes the database's lock on the emulator
 * thread. With Node's default of four pool threads on a two-core machine, starting gets took 4.7 of the
 * emulator thread's 16.4 busy seconds in a profiled index-only run; with one pool thread, 1.7 of 12.2, and a
 * 30,000-report batch's index I/O takes 27.4 s instead of 34.8 (`bench/index-floor.ts`, docs/performance.md).
 * The pool is made when the process starts, before any of our code runs, so the size is set in the
 * environment of the command that starts node:
 * bin/tipline.js's shebang and the npm scripts (test/unit/cli/local-process.test.ts checks they agree);
 * bench/e2e.ts and bench/run.ts give it to the benches' processes that start the runtime.
 */
export const LOCAL_THREADPOOL_SIZE = 1;

/** The variable, for a child process's environment. */
export const LOCAL_THREADPOOL_VARS = { UV_THREADPOOL_SIZE: String(LOCAL_THREADPOOL_SIZE) };

/** The same, as a shell command's prefix (the shebang, the npm scripts). */
export const LOCAL_THREADPOOL_ENV = `UV_THREADPOOL_SIZE=${LOCAL_THREADPOOL_SIZE}`;
