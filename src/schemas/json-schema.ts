// JSON Schema files generated from the zod schemas (a test fails when the committed ones drift).
import { z } from 'zod';
import { RulePack } from './rules.js';
import { IMPORT_TYPES, ROW_SCHEMAS } from './rows.js';

export function generatedSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  const emit = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title }, null, 2)}\n`;
  out['rules.schema.json'] = emit(RulePack, 'credtrack rule pack');
  for (const type of IMPORT_TYPES) out[`import-${type}.schema.json`] = emit(ROW_SCHEMAS[type], `credtrack import row: ${type}`);
  return out;
}
