// The committed JSON Schema files are generated from the zod schemas: this fails when they drift
// (regenerate them with `npm run schemas`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSchemas } from '../src/schemas/json-schema.js';
import { ROOT } from './helpers/cli.js';

describe('schemas/', () => {
  const generated = generatedSchemas();
  it('has a rule-pack schema and one import schema per type', () => {
    expect(Object.keys(generated).sort()).toEqual([
      'import-credentials.schema.json', 'import-evaluations.schema.json', 'import-exams.schema.json', 'import-hours.schema.json',
      'import-people.schema.json', 'import-positions.schema.json', 'import-screenings.schema.json', 'rules.schema.json',
    ]);
  });
  it.each(Object.keys(generated))('%s matches the zod schema (run `npm run schemas` after changing it)', (name) => {
    const committed = fs.readFileSync(path.join(ROOT, 'schemas', name), 'utf8');
    expect(committed).toBe(generated[name]);
  });
  it('the import schemas name the columns of SPEC §5', () => {
    const hours = JSON.parse(generated['import-hours.schema.json']!);
    expect(Object.keys(hours.properties)).toEqual(['entry_id', 'person_id', 'date', 'end_date', 'category', 'hours', 'domain', 'supervised', 'paid', 'topic', 'provider', 'verified_by', 'note']);
    expect(hours.required).toEqual(['person_id', 'date', 'category', 'hours']);
    expect(hours.additionalProperties).toBe(false);
  });
});
