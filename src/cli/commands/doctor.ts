// PLACEHOLDER until the doctor command is built (replace this whole file).
import { InputError } from '../../errors.js';
import type { Context } from '../context.js';

function notYet(_ctx: Context): never { throw new InputError('doctor is not available in this build yet'); }
export const run = notYet, list = notYet, show = notYet, undo = notYet;
