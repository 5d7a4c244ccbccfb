// Typed errors: each carries the exit code it becomes in cli/main.ts (the only place that exits).

export class CredtrackError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad usage or invalid input: nothing was written (exit 2). */
export class InputError extends CredtrackError {
  constructor(message: string, hint?: string, readonly details: string[] = []) {
    super(message, 2, hint);
  }
}

/** Database or file-system failure (exit 3). */
export class StoreError extends CredtrackError {
  constructor(message: string, hint?: string) {
    super(message, 3, hint);
  }
}

/** Formats a list of problems, listing at most `limit` and counting the rest. */
export function listProblems(problems: string[], limit = 20): string[] {
  if (problems.length <= limit) return problems;
  return [...problems.slice(0, limit), `... and ${problems.length - limit} more`];
}
