// Bundles src/ into dist/ with esbuild: ESM with code splitting, so each command's
// module (and zod, cli-table3, csv-parse...) loads only when that command runs.
// dist/ is not wiped first, so a build never pulls files from under a running command;
// files of earlier builds are removed once they are an hour old.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const result = await build({
  metafile: true,
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

const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
const stale = Date.now() - 60 * 60 * 1000;
for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
  const file = path.resolve(entry.parentPath ?? entry.path, entry.name);
  if (entry.isFile() && !current.has(file) && statSync(file).mtimeMs < stale) rmSync(file);
}
