/**
 * The V8 heap limit (MB) the local runtime runs under. Node's default on a large machine is about 4 GB, and
 * V8 grows the heap toward it rather than collecting: a million-report batch took the process past 2.5 GB
 * of RSS with well under 1 GB live. With this limit it stays within 1.5 GB (docs/performance.md). A heap
 * size can only be set on the node command line, so bin/tipline.js's shebang and the npm scripts give it
 * (test/unit/cli/local-process.test.ts checks they agree with this value); bench/e2e.ts runs its child with it.
 * For a bigger batch: `UV_THREADPOOL_SIZE=1 node --max-old-space-size=4096 bin/tipline.js run FILE`.
 */
export const LOCAL_HEAP_LIMIT_MB = 1024;

export const LOCAL_HEAP_FLAG = `--max-old-space-size=${LOCAL_HEAP_LIMIT_MB}`;
