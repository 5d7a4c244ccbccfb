// JSON Schema files generated from the zod schemas (a test fails when the committed ones drift).
import { z } from 'zod';
import { RulePack, YAML_YES_NO, YesNo } from './rules.js';
import { IMPORT_TYPES, ROW_SCHEMAS } from './rows.js';

/** Whether `schema` is `of` or made from it (by .describe(), .meta(), ...). */
function madeFrom(schema: z.core.$ZodType, of: z.core.$ZodType): boolean {
  for (let s: z.core.$ZodType | undefined = schema; s; s = s._zod.parent) if (s === of) return true;
  return false;
}

/**
 * The JSON Schema describes the file as an editor reads it, YAML 1.2, where an unquoted `yes`
 * is text: a yes/no field also allows the words `rules validate` reads as true/false there
 * (YAML_YES_NO). It cannot tell them from quoted text or from a JSON string, which the tool
 * refuses: the one difference left between the two (README, Rule packs).
 */
function override(ctx: { zodSchema: z.core.$ZodType; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  if (!madeFrom(ctx.zodSchema, YesNo)) return;
  const { type: _type, ...rest } = ctx.jsonSchema;
  for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
  Object.assign(ctx.jsonSchema, rest, { anyOf: [{ type: 'boolean' }, { type: 'string', enum: [...YAML_YES_NO.keys()] }] });
}

export function generatedSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  const emit = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override }), title }, null, 2)}\n`;
  out['rules.schema.json'] = emit(RulePack, 'credtrack rule pack');
  for (const type of IMPORT_TYPES) out[`import-${type}.schema.json`] = emit(ROW_SCHEMAS[type], `credtrack import row: ${type}`);
  return out;
}
