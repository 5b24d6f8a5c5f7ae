import { readFile } from 'node:fs/promises';

/**
 * Samples a process's resident set size from /proc/<pid>/status (VmRSS) while a run lasts and
 * keeps the peak. Linux only: elsewhere the peak stays undefined and the table prints "-".
 */
export class RssSampler {
  private peakKilobytes: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.peakKilobytes = undefined;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  /** Stops sampling (one last sample at the end) and returns the peak in MiB. */
  async stop(): Promise<number | undefined> {
    clearInterval(this.timer);
    await this.pending;
    await this.sample();
    return this.peakKilobytes === undefined ? undefined : this.peakKilobytes / 1024;
  }

  private async sample(): Promise<void> {
    // One read at a time: a slow /proc read must not pile up behind the interval.
    if (this.pending !== undefined) return;
    this.pending = this.read().finally(() => {
      this.pending = undefined;
    });
    await this.pending;
  }

  private async read(): Promise<void> {
    try {
      const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      if (match?.[1] !== undefined) this.peakKilobytes = Math.max(this.peakKilobytes ?? 0, Number(match[1]));
    } catch {
      // No /proc (not Linux) or the process is gone: nothing to sample.
    }
  }
}
