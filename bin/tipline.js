#!/usr/bin/env -S UV_THREADPOOL_SIZE=1 node --max-old-space-size=1024
// The `tipline` command: TypeScript sources run through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

// Lambda runs Node 22; this local tool may run on Node 20, which the SDK would warn about on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../cli/main.ts');
