import { InvalidArgumentError } from 'commander';
import { parseDuration } from './duration.js';

/**
 * Argument parsers for commander options. Each throws InvalidArgumentError, which commander turns
 * into a one-line `error: option '…' argument '…' is invalid. <reason>` and a non-zero exit.
 */

export function parseList(text: string): string[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new InvalidArgumentError('give at least one name, separated by commas.');
  return [...new Set(items)];
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError('must be a whole number above zero.');
  return value;
}

/** 0 asks the system for a free port, as `server.port = 0` does. */
export function parsePort(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return value;
}

export function parseNonNegativeNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError('must be a number of zero or more.');
  return value;
}

export function parseDurationOption(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}

/** Names and tenants end up in tables and logs: no control characters, no absurd lengths. */
export function parseLabel(text: string): string {
  const value = text.trim();
  // eslint-disable-next-line no-control-regex
  if (value === '' || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidArgumentError('must be 1 to 200 printable characters.');
  }
  return value;
}
