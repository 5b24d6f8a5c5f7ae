/**
 * The fake ml-offload-api's `GET /health/vram` reading (`{"total_mb","used_mb","free_mb"}`), which
 * a test changes between requests to play other processes taking or releasing VRAM.
 */
import type { FakeVram } from './fake-types.js';

export const DEFAULT_VRAM: Readonly<FakeVram> = { total_mb: 24_576, used_mb: 4_096, free_mb: 20_480 };

export interface VramReading {
  current(): FakeVram;
  /** Sets the free VRAM; `used_mb` follows so the three numbers stay consistent. */
  setFree(freeMb: number): void;
  set(reading: FakeVram): void;
}

export function vramReading(initial: FakeVram = DEFAULT_VRAM): VramReading {
  let reading: FakeVram = { ...initial };
  return {
    current: () => ({ ...reading }),
    setFree(freeMb) {
      reading = { total_mb: reading.total_mb, used_mb: Math.max(0, reading.total_mb - freeMb), free_mb: freeMb };
    },
    set(next) {
      reading = { ...next };
    },
  };
}
