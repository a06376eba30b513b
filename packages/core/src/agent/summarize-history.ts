import type { ErrorData } from '../errors.js';
import type { Message } from '../messages.js';
import type { ModelClient, ModelRequest } from '../model-client.js';
import { formatPlanForModel, type Plan } from '../plan.js';
import type { Usage } from '../usage.js';
import { splitHistory, summaryNotePrefix } from './compaction.js';
import { requestTurn } from './turn.js';

const summaryInstruction =
  'Context is running out, so the turns above will be replaced by your summary. Without calling tools, write a ' +
  'summary another engineer could continue from. Keep: the task exactly as given and every constraint or ' +
  'requirement stated by the user; decisions made and why; the state of the work (files read, created or changed, ' +
  'commands run and their results, what works and what fails); and what remains to do. Be specific (paths, names, ' +
  'errors). Answer with the summary only.';

/** Heads the plan in a summary note. */
export const planHeading =
  'Your current plan (set with update_plan; [x] completed, [>] in progress, [ ] pending). Keep it up to date:';

export type SummarizeHistoryOptions = {
  model: ModelClient;
  messages: Message[];
  /** Whole turns kept after the summary. */
  keepRecentTurns: number;
  clearThinking: boolean;
  signal: AbortSignal;
  /**
   * The model's current plan: added to the summary note, so the plan outlives the `update_plan` call that set it
   * (that call may be among the dropped turns).
   */
  plan?: Plan;
  modelOptions?: Pick<ModelRequest, 'maxTokens' | 'temperature' | 'topP' | 'doSample'>;
};

/** Result of stage 2; `undefined` from `summarizeHistory` means there were no older turns to drop. */
export type SummarizedHistory = {
  messages: Message[];
  /** Usage of the summary request, when it reported one. */
  usage?: Usage;
  /** Set when the model could not summarise and a plain list of the dropped turns was used instead. */
  error?: ErrorData;
};

/**
 * Stage 2: asks the model (one tool-less request that starts with the same bytes as the history) to summarise the
 * older whole turns, then returns [head, summary note, the current task, recent whole turns]. The current task is the
 * latest user turn, kept verbatim when it is among the older turns, so a later task of a session is never known only
 * through the summary (the first task is in the head). Reasoning is never edited: older turns are dropped whole,
 * recent turns are kept whole.
 */
export async function summarizeHistory(
  options: SummarizeHistoryOptions,
): Promise<SummarizedHistory | undefined> {
  const { head, turns } = splitHistory(options.messages);
  const keep = Math.min(options.keepRecentTurns, turns.length);
  const older = turns.slice(0, turns.length - keep);
  if (older.length === 0) return undefined;
  const recentTurns = turns.slice(turns.length - keep);
  const recent = recentTurns.flat();
  const currentTask = recentTurns.some(startsWithUser) ? [] : (older.findLast(startsWithUser) ?? []);
  const request: ModelRequest = {
    ...options.modelOptions,
    messages: [...head, ...older.flat(), { role: 'system', content: summaryInstruction }],
    thinking: { enabled: false, clearThinking: options.clearThinking },
    signal: options.signal,
  };
  const outcome = await requestTurn(options.model, request);
  const text = outcome.message.content.trim();
  const failed = outcome.stopReason === 'error' || outcome.stopReason === 'aborted' || text === '';
  const summary = failed ? listDroppedTurns(older) : text;
  const plan = options.plan === undefined ? '' : `\n\n${planHeading}\n${formatPlanForModel(options.plan)}`;
  const result: SummarizedHistory = {
    messages: [
      ...head,
      { role: 'system', content: `${summaryNotePrefix}\n${summary}${plan}` },
      ...currentTask,
      ...recent,
    ],
  };
  if (outcome.usage !== undefined) result.usage = outcome.usage;
  if (failed) {
    result.error = outcome.error ?? { code: 'unknown', message: 'The summary was empty.', retryable: false };
  }
  return result;
}

function startsWithUser(turn: Message[]): boolean {
  return turn[0]?.role === 'user';
}

/** A summary that needs no model: what the dropped turns did, in order. */
function listDroppedTurns(turns: Message[][]): string {
  const lines: string[] = [`(The model could not summarise; ${turns.length} older turns were dropped.)`];
  for (const message of turns.flat()) {
    if (message.role === 'user') lines.push(`- User: ${clip(message.content)}`);
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) lines.push(`- Called ${call.name} ${clip(call.arguments)}`);
      if (message.content !== '') lines.push(`- Said: ${clip(message.content)}`);
    }
  }
  return lines.join('\n');
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 160 ? line : `${line.slice(0, 160)}…`;
}
