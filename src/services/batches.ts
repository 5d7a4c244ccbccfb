// credtrack imports list | show | undo: the batches an import left, and taking one back.
// Undo removes the rows a batch added and restores the rows it changed, in one transaction,
// and refuses when that would discard a later change or orphan a later record.
import { InputError } from '../errors.js';
import { localTime } from '../render/output.js';
import { recordAudit } from '../store/audit.js';
import {
  batchChanges, batchFootprint, batchName, type BatchRecord, deleteAddedRows, getBatch, laterChanges, listBatches,
  markUndone, parseBatchName, peopleAddedBy, peopleStillReferenced, renewedCredentials, restoreRow,
} from '../store/batches.js';
import { writeTx } from '../store/db.js';
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

export interface UndoResult { batch: string; type: string; removed: number; restored: number }

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
      throw new InputError(`${label} cannot be undone: records it wrote were changed after it`, firstBatches.length
        ? `undo ${firstBatches.join(', ')} first; nothing was changed` : 'undoing it would lose those changes; nothing was changed', what);
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
    markUndone(s.db, id, s.who.now, s.who.actor);
    recordAudit(s.db, s.who, { action: 'remove', record_type: 'import_batch', record_key: label, batch_id: id, before: { file: b.file, type: b.type, removed, restored } });
    return { batch: label, type: b.type, removed, restored };
  });
}
