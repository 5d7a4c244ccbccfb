// credtrack imports list | show | undo: the batches an import left, and taking one back.
// Undo removes the rows a batch added and restores the rows it changed, in one transaction,
// and refuses when that would discard a later change or orphan a later record.
import { InputError } from '../errors.js';
import { localTime } from '../render/output.js';
import { recordAudit } from '../store/audit.js';
import {
  batchChanges, batchFootprint, batchName, type BatchRecord, deleteAddedRows, getBatch, laterChanges, listBatches,
  markUndone, parseBatchName, peopleAddedBy, peopleStillReferenced, removedSince, renewedCredentials, restoreRow,
} from '../store/batches.js';
import { writeTx } from '../store/db.js';
import { recordById, type RemovableTable } from '../store/removal.js';
import type { ImportType } from '../schemas/rows.js';
import { describeRecord, selectorFor } from './remove.js';
import type { Session } from './session.js';

export interface BatchView {
  id: string; file: string; type: string; format: string; sha256: string; at: string; actor: string;
  read: number; added: number; updated: number; unchanged: number; rejected: number;
  undone_at: string | null; undone_by: string | null;
}

export function viewBatch(b: BatchRecord): BatchView {
  return {
    id: batchName(b.id), file: b.file, type: b.type, format: b.format, sha256: b.sha256, at: b.at, actor: b.actor,
    read: b.read, added: b.added, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected,
    undone_at: b.undone_at, undone_by: b.undone_by,
  };
}

export function listImportBatches(s: Session): BatchView[] {
  return listBatches(s.db).map(viewBatch);
}

export interface BatchDetail extends BatchView {
  /** What of the batch is in the database now: rows it added still there, rows it changed. */
  present: number;
  changed: number;
}

export function showBatch(s: Session, name: string): BatchDetail {
  const b = getBatch(s.db, parseBatchName(name));
  return { ...viewBatch(b), ...batchFootprint(s.db, b.id, b.type) };
}

export interface UndoResult {
  batch: string; type: string; removed: number; restored: number;
  /** Rows the batch wrote that `credtrack remove` took out before the undo: they stay removed. */
  already_removed: number;
}

/**
 * What to do when commands changed records a batch wrote: keep the batch and correct its
 * records, or remove the changed records (`credtrack remove`; they stay removed) and undo
 * again. People are not removed one by one: their batch is kept and corrected.
 */
function laterChangeHint(s: Session, label: string, type: ImportType): string {
  if (type === 'people') {
    return `undoing it would lose those changes; nothing was changed. Keep ${label} and correct the people it wrote with \`credtrack people edit\``;
  }
  return `undoing it would lose those changes; nothing was changed. Either keep ${label} and correct its records one by one, or take out `
    + `the changed records with the \`credtrack remove\` commands shown (they stay removed; record again what you want to keep) `
    + `and run \`credtrack imports undo ${label}\` again`;
}

/** Each record changed later, with the command that removes it (no more than laterChanges lists). */
function changedRecords(s: Session, type: ImportType, later: { record_key: string }[]): string[] {
  if (type === 'people') return [];
  const table = type as RemovableTable;
  const ids = [...new Set(later.map((c) => Number(c.record_key)))];
  const lines: string[] = [];
  for (const id of ids) {
    const found = recordById(s.db, table, id);
    if (!found) continue;
    lines.push(`${type} ${id} is ${found.person_id}'s ${describeRecord(table, found.record)}  →  ${selectorFor(s.db, table, found.person_id, found.person, found.record)}`);
  }
  return lines;
}

export function undoBatch(s: Session, name: string): UndoResult {
  const id = parseBatchName(name);
  return writeTx(s.db, () => {
    const b = getBatch(s.db, id);
    const label = batchName(id);
    if (b.undone_at) throw new InputError(`${label} was already undone on ${localTime(b.undone_at)} by ${b.undone_by}`);
    const later = laterChanges(s.db, id, b.type);
    if (later.length) {
      const what = later.map((c) => `${b.type} ${c.record_key} changed by \`${c.batch_id ? `import (${batchName(c.batch_id)})` : c.command}\` at ${localTime(c.at)}`);
      const firstBatches = [...new Set(later.filter((c) => c.batch_id).map((c) => batchName(c.batch_id!)))];
      if (firstBatches.length) throw new InputError(`${label} cannot be undone: records it wrote were changed after it`, `undo ${firstBatches.join(', ')} first; nothing was changed`, what);
      throw new InputError(`${label} cannot be undone: records it wrote were changed after it`, laterChangeHint(s, label, b.type), [...what, ...changedRecords(s, b.type, later)]);
    }
    if (b.type === 'people') {
      const held = peopleStillReferenced(s.db, id);
      if (held.length) {
        throw new InputError(`${label} cannot be undone: people it added have records from elsewhere (${held.join(', ')}${held.length === 5 ? ', ...' : ''})`,
          'undo the imports of their records first, or keep the batch; nothing was changed');
      }
    }
    if (b.type === 'credentials' && renewedCredentials(s.db, id) > 0) {
      throw new InputError(`${label} cannot be undone: credentials it added have been renewed since`, 'nothing was changed');
    }
    let restored = 0;
    for (const c of batchChanges(s.db, id, b.type)) {
      const { current, person_id } = restoreRow(s.db, b.type, c.row_id, c.before);
      restored++;
      recordAudit(s.db, s.who, {
        action: 'change', record_type: b.type, record_key: b.type === 'people' ? String(person_id) : String(c.row_id),
        person_id, batch_id: id, before: current, after: c.before,
      });
    }
    if (b.type === 'people') {
      for (const p of peopleAddedBy(s.db, id)) {
        recordAudit(s.db, s.who, { action: 'remove', record_type: 'people', record_key: p.person_id, person_id: p.person_id, batch_id: id, before: p.fields });
      }
    }
    const removed = deleteAddedRows(s.db, id, b.type);
    const alreadyRemoved = removedSince(s.db, id, b.type);
    markUndone(s.db, id, s.who.now, s.who.actor);
    recordAudit(s.db, s.who, { action: 'remove', record_type: 'import_batch', record_key: label, batch_id: id,
      before: { file: b.file, type: b.type, removed, restored, ...(alreadyRemoved ? { already_removed: alreadyRemoved } : {}) } });
    return { batch: label, type: b.type, removed, restored, already_removed: alreadyRemoved };
  });
}
