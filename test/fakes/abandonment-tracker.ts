/**
 * Counts chat responses whose connection closed before the fake finished writing them: the sign
 * that the client (the gateway) gave up and propagated its own client's abort upstream.
 */
import type { ServerResponse } from 'node:http';

export interface WatchedResponse {
  /** Aborted when the response closes for any reason, so stalls and streams stop at once. */
  signal: AbortSignal;
  /** The fake is about to cut this connection itself: not an abandonment. */
  markDeliberate: () => void;
}

interface Waiter {
  target: number;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface AbandonmentTracker {
  watch(response: ServerResponse): WatchedResponse;
  count(): number;
  /** Resolves at the next abandonment no earlier call has claimed, even one already seen. */
  waitForNext(timeoutMs: number): Promise<void>;
  /** The fake is closing: connections it destroys now are not abandonments; pending waits fail. */
  stop(): void;
}

export function abandonmentTracker(): AbandonmentTracker {
  let abandoned = 0;
  let claimed = 0;
  let stopped = false;
  const waiters = new Set<Waiter>();

  function settle(waiter: Waiter, error?: Error): void {
    clearTimeout(waiter.timer);
    waiters.delete(waiter);
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }

  function noteAbandonment(): void {
    abandoned += 1;
    for (const waiter of waiters) if (abandoned >= waiter.target) settle(waiter);
  }

  return {
    watch(response) {
      const controller = new AbortController();
      let deliberate = false;
      const onClose = (): void => {
        controller.abort();
        if (!response.writableFinished && !deliberate && !stopped) noteAbandonment();
      };
      // The client may have left while its body was still being read.
      if (response.destroyed || response.socket === null || response.socket.destroyed) onClose();
      else response.once('close', onClose);
      return { signal: controller.signal, markDeliberate: () => void (deliberate = true) };
    },
    count: () => abandoned,
    waitForNext(timeoutMs) {
      claimed += 1;
      const target = claimed;
      if (abandoned >= target) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          target,
          resolve,
          reject,
          timer: setTimeout(() => {
            // Give the claim back so a later wait can still see this abandonment when it comes.
            claimed -= 1;
            settle(waiter, new Error(`no client abandonment seen within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    stop() {
      stopped = true;
      for (const waiter of waiters) settle(waiter, new Error('the fake upstream was closed'));
    },
  };
}
