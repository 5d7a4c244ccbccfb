// Bundles src/ into dist/ with esbuild: ESM with code splitting, so each command's
// module (and zod, cli-table3, csv-parse...) loads only when that command runs.
// dist/ is not wiped first, so a build never pulls files from under a running command.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  // worker: the worker threads of whole-population commands (services/worker.ts).
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/services/worker.ts', 'tools/gen-schemas': 'src/tools/gen-schemas.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __CREDTRACK_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);" },
});
