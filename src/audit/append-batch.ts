/** Records sealed in order and written together: every append in a batch shares its one promise. */
export interface Batch {
  text: string;
  lastSeq: number;
  lastMac: string;
  /** Rotate to this file before writing. */
  openFile?: string;
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

export function createBatch(openFile: string | undefined): Batch {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  // Callers await this promise; the catch only keeps a batch nobody awaited from crashing the process.
  promise.catch(() => undefined);
  const batch: Batch = { text: '', lastSeq: 0, lastMac: '', promise, resolve, reject };
  if (openFile !== undefined) batch.openFile = openFile;
  return batch;
}
