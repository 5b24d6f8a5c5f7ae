/**
 * Budget arithmetic runs in whole nano-dollars (1e-9 USD), not floating-point dollars: sums of
 * integers are exact, so "exactly floor(budget / estimate) requests fit" holds for any numbers
 * (in floating point, 0.1 + 0.2 > 0.3 would refuse the third of three 0.1 requests). A token at
 * the cheapest listed prices is still tens of nano-dollars, and integers stay exact up to about
 * nine million dollars.
 */
export function toNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

export function fromNanoUsd(nanos: number): number {
  return nanos / 1e9;
}

/** `$12.50`, `$0.0042`: cents for amounts a person budgets, more digits only where they matter. */
export function formatUsdAmount(usd: number): string {
  const fixed = usd.toFixed(6).replace(/0+$/, '');
  const [whole = '0', fraction = ''] = fixed.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}
