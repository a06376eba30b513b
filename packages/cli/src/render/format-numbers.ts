import { type TerminalText, trusted } from './terminal-text.js';

/** 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatTokens(count: number): TerminalText {
  if (count < 1000) return trusted(String(count));
  if (count < 1_000_000) return trusted(`${(count / 1000).toFixed(1)}k`);
  return trusted(`${(count / 1_000_000).toFixed(1)}M`);
}

/** US dollars with enough digits for small runs. */
export function formatCost(usd: number): TerminalText {
  return trusted(usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`);
}

/** 0.853 → "85%". */
export function formatPercent(share: number): TerminalText {
  return trusted(`${Math.round(share * 100)}%`);
}

/** Milliseconds as "4.2s" or "3m07s". */
export function formatDuration(milliseconds: number): TerminalText {
  const seconds = milliseconds / 1000;
  if (seconds < 60) return trusted(`${seconds.toFixed(1)}s`);
  const minutes = Math.floor(seconds / 60);
  return trusted(`${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`);
}
