// Runs in every test file: the sandboxes a file made are removed when it ends, so runs of
// the suite do not fill the temporary directory.
import { afterAll } from 'vitest';
import { removeSandboxes } from './cli.js';

afterAll(removeSandboxes);
