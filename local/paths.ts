import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA_DIR = '.tipline';

/** Caches that depend on the sources and installed packages, not on any data dir (synthesized template, …). */
export const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'tipline');
