import { addUsage } from '../usage.js';
import { estimateTokens, stubOldToolOutputs } from './compaction.js';
import { defaultContextWindows, fallbackContextWindow, lookupModel } from './prices.js';
import type { RunContext } from './run-context.js';
import { summarizeHistory } from './summarize-history.js';

/** The context window of the run's model: the option, else the per-model table. */
export function contextWindowOf(run: RunContext): number {
  return (
    run.options.contextWindow ??
    lookupModel(defaultContextWindows, run.options.model.model) ??
    fallbackContextWindow
  );
}

/**
 * Compacts the history when the next request would pass the threshold (or always, when `force` is set after the
 * provider rejected an overlong prompt). Stage 1 stubs old tool outputs; stage 2, only if that was not enough,
 * replaces older whole turns with a model-written summary. Returns whether the history changed.
 */
export async function compactContext(run: RunContext, force: boolean): Promise<boolean> {
  const settings = run.options.compaction ?? {};
  if (settings.enabled === false && !force) return false;
  const limit = (settings.threshold ?? 0.8) * contextWindowOf(run);
  const keepRecentTurns = settings.keepRecentTurns ?? 3;
  let estimate = run.contextEstimate();
  if (!force && estimate <= limit) return false;

  run.emit({ type: 'compaction-start', stage: 'tool-outputs', contextTokens: estimate });
  const stubbed = stubOldToolOutputs(run.messages, keepRecentTurns, settings.minToolOutputChars ?? 200);
  if (stubbed.stubbed > 0) {
    run.messages = stubbed.messages;
    estimate = Math.max(0, estimate - stubbed.savedTokens);
    setAnchor(run, estimate);
  }
  run.emit({
    type: 'compaction-end',
    stage: 'tool-outputs',
    contextTokens: estimate,
    messages: [...run.messages],
  });
  if (!force && estimate <= limit) return stubbed.stubbed > 0;

  run.emit({ type: 'compaction-start', stage: 'summary', contextTokens: estimate });
  const summarized = await summarizeHistory({
    model: run.options.model,
    messages: run.messages,
    keepRecentTurns,
    clearThinking: run.options.clearThinking ?? false,
    signal: run.controller.signal,
    ...(run.plan === undefined || run.plan.plan.length === 0 ? {} : { plan: run.plan }),
    ...(run.options.modelOptions ? { modelOptions: run.options.modelOptions } : {}),
  });
  if (summarized !== undefined) {
    run.messages = summarized.messages;
    if (summarized.usage !== undefined) {
      run.unreportedCost += run.addModelUsage(summarized.usage);
      run.unreportedUsage = addUsage(run.unreportedUsage, summarized.usage);
    }
    estimate = estimateTokens(run.messages) + Math.ceil(JSON.stringify(run.toolSpecs).length / 4);
    setAnchor(run, estimate);
    if (summarized.error !== undefined) {
      run.emit({
        type: 'note',
        level: 'warning',
        message: `The model could not summarise older turns (${summarized.error.message}); they were listed instead.`,
      });
    }
  } else {
    run.emit({ type: 'note', level: 'warning', message: 'No older turns are left to summarise.' });
  }
  run.emit({
    type: 'compaction-end',
    stage: 'summary',
    contextTokens: estimate,
    messages: [...run.messages],
  });
  return stubbed.stubbed > 0 || summarized !== undefined;
}

function setAnchor(run: RunContext, tokens: number): void {
  run.anchorTokens = tokens;
  run.anchorLength = run.messages.length;
}
