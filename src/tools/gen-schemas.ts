// Writes schemas/*.json from the zod schemas: `npm run schemas`.
import fs from 'node:fs';
import path from 'node:path';
import { generatedSchemas } from '../schemas/json-schema.js';

const dir = path.resolve(process.argv[2] ?? 'schemas');
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(generatedSchemas())) {
  fs.writeFileSync(path.join(dir, name), text);
  process.stdout.write(`wrote ${path.join(dir, name)}\n`);
}
