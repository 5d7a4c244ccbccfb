// The note on a re-run of a file imported before (src/cli/commands/import.ts sameFileNote):
// it must be true — rows left alone, set back (by whom), or updated — for real runs and dry runs. (QA F3)
import { describe, expect, it } from 'vitest';
import { sameFileNote } from '../../src/cli/commands/import.js';
import type { ImportSummary } from '../../src/services/import.js';

const base: ImportSummary = {
  batch: 'B4', file: 'a.csv', type: 'hours', read: 3, added: 0, updated: 0, unchanged: 3, rejected: 0, duplicates: 0, dry_run: false,
  sha256: 'x', rejects_file: null, same_file_as: ['B2'], set_back: 0, set_back_by: [], notes: [], problems: [], warnings: [],
};

describe('sameFileNote', () => {
  it('nothing updated: rows were left as they were', () => {
    expect(sameFileNote(base)).toBe('the same file was imported before as B2; rows already there were left as they were');
  });

  it('rows changed since, set back: how many, by whom, and how to undo', () => {
    expect(sameFileNote({ ...base, updated: 1, set_back: 1, set_back_by: ['B3'] }))
      .toBe("the same file was imported before as B2; 1 row changed since (by B3) was set back to this file's values — `credtrack imports undo B4` puts back the values B4 replaced");
    expect(sameFileNote({ ...base, updated: 3, set_back: 2, set_back_by: ['B3', 'people edit'], same_file_as: ['B2', 'B3'] }))
      .toBe("the same file was imported before as B2, B3; 2 rows changed since (by B3, credtrack people edit) were set back to this file's values, "
        + "and 1 row more was updated to this file's values — `credtrack imports undo B4` puts back the values B4 replaced");
  });

  it('updated rows that were not changed since are called updated, not left alone', () => {
    expect(sameFileNote({ ...base, updated: 2 }))
      .toBe("the same file was imported before as B2; 2 rows were updated to this file's values — `credtrack imports undo B4` puts back the values B4 replaced");
  });

  it('a dry run says what would happen, with no batch to undo', () => {
    expect(sameFileNote({ ...base, batch: null, dry_run: true, updated: 1, set_back: 1, set_back_by: ['log'] }))
      .toBe("the same file was imported before as B2; 1 row changed since (by credtrack log) would be set back to this file's values");
  });
});
