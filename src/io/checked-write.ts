// Writes that fail where they are made: a stream that writes synchronously (standard output
// on a file, e.g. `> /dev/full`) records its error at once but emits it only on the next
// tick, after the caller has carried on (and, say, marked reminders as sent).

/** A stream's recorded error (Node sets `errored` as soon as a write fails). */
export function streamError(out: NodeJS.WritableStream): Error | undefined {
  return (out as { errored?: Error | null }).errored ?? undefined;
}

/** Writes `chunk`; throws the stream's error if it failed (now or earlier). Returns write()'s result. */
export function writeChecked(out: NodeJS.WritableStream, chunk: string | Uint8Array): boolean {
  const ok = out.write(chunk);
  const err = streamError(out);
  if (err) throw err;
  return ok;
}

/** Writes `chunk` and waits until it is written (or has failed). */
export function writeAndWait(out: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(streamError(out) ?? err) : resolve()));
    const err = streamError(out);
    if (err) reject(err);
  });
}

/** Waits until the stream can take more; rejects if it fails meanwhile (never waits forever on a broken stream). */
export function drained(out: NodeJS.WritableStream): Promise<void> {
  const err = streamError(out);
  if (err) return Promise.reject(err);
  return new Promise<void>((resolve, reject) => {
    const done = (e?: Error) => {
      out.removeListener('drain', onDrain);
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(streamError(out) ?? new Error('the output was closed'));
    out.once('drain', onDrain);
    out.once('error', onError);
    out.once('close', onClose);
  });
}
