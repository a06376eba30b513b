import { round } from './stats.mjs';

/**
 * One line of the results table: a Wright figure (a median) next to one baseline's figure and their ratio.
 * Fields: `suite` id; `measure` what is measured; `unit`; `better` 'lower' or 'higher'; `subject` and `value` (the
 * Wright side, or any subject when `baseline` is absent); `baseline` { name, value } or null; `ratio` subject /
 * baseline; `target` an optional { text, met } verdict; `note` a short remark.
 */
export function makeRow({
  suite,
  measure,
  unit,
  better = 'lower',
  subject,
  value,
  baseline = null,
  target,
  note,
}) {
  const ratio = baseline && Number.isFinite(value) && baseline.value !== 0 ? value / baseline.value : null;
  return { suite, measure, unit, better, subject, value, baseline, ratio, target, note };
}

/** A row for a Wright piece that has not landed: the baseline is still shown. */
export function missingRow({ suite, measure, unit, better, subject, baseline = null, target, why }) {
  return {
    ...makeRow({ suite, measure, unit, better, subject, value: Number.NaN, baseline, target }),
    missing: true,
    note: `missing: ${why}`,
  };
}

/** Formats the rows as a Markdown table (also readable on a terminal). */
export function formatTable(rows) {
  const header = [
    'Suite',
    'Measure',
    'Wright (or subject)',
    'Value',
    'Baseline',
    'Baseline value',
    'Ratio',
    'Target',
  ];
  const lines = rows.map((row) => [
    row.suite,
    row.measure,
    row.subject,
    row.missing ? 'MISSING' : formatValue(row.value, row.unit),
    row.baseline?.name ?? '',
    row.baseline ? formatValue(row.baseline.value, row.unit) : '',
    formatRatio(row),
    row.target
      ? `${row.target.met === true ? 'met' : row.target.met === false ? 'MISSED' : '?'}: ${row.target.text}`
      : '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const render = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

/** A value with its unit, rounded to three significant digits. */
export function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (unit === '%') return `${round(value, 3)}%`;
  return `${round(value, 3)} ${unit}`;
}

function formatRatio(row) {
  if (row.ratio === null || !Number.isFinite(row.ratio)) {
    if (row.baseline && row.baseline.value === 0 && row.value > 0) return '∞';
    return '';
  }
  return `${round(row.ratio, 3)}×`;
}
