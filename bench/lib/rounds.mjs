import { median } from './stats.mjs';

/**
 * The contenders in the order they run in round `round`: the list rotated by one place per round, so over as many
 * rounds as there are contenders each one runs first, and last, once (a slow spell that hits the start or the end
 * of every round does not always land on the same one).
 */
export function rotate(contenders, round) {
  const shift = round % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

/**
 * Subject ÷ baseline round by round (both timed in the same round, so a slow round hits both), with the median
 * and the spread of those ratios. `subject` and `baseline` are per-round samples of equal length.
 */
export function pairedRatios(subject, baseline) {
  const ratios = subject.map((value, round) => value / baseline[round]);
  return {
    ratios,
    median: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
  };
}
