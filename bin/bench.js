#!/usr/bin/env node
// `npm run bench [-- --quick | --full]`: runs bench/run.ts through tsx's loader, as bin/tipline.js does.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../bench/run.ts');
