import type { ToolExecStatus, ToolResult } from '@wright/core';
import type { DisplayEvent } from '../cli-events.js';
import type { Style } from './style.js';
import { summarizeToolInput, summarizeToolResult } from './summarize-tool-call.js';
import { own, type TerminalText, trusted, untrustedLine } from './terminal-text.js';

/**
 * Compact lines for subagents' events (`subagent-event`, nested once per level): one indented line per finished
 * tool call of a subagent, `↳ agent ✓ tool input → outcome`; every other subagent event is left out (the `task`
 * call's own line carries the answer).
 */
export function createSubagentLines(style: Style): (event: DisplayEvent) => TerminalText | undefined {
  const inputs = new Map<string, TerminalText>();
  return (event) => {
    let inner: DisplayEvent = event;
    let agent = '';
    let key = '';
    let depth = 0;
    while (inner.type === 'subagent-event' && typeof inner.event === 'object' && inner.event !== null) {
      agent = String(inner.agent);
      key += `${String(inner.parentCallId)}/`;
      depth += 1;
      inner = inner.event as DisplayEvent;
    }
    const callKey = `${key}${String(inner.callId)}`;
    if (inner.type === 'tool-exec-start') {
      inputs.set(callKey, summarizeToolInput(String(inner.name), inner.input));
      return undefined;
    }
    if (inner.type !== 'tool-exec-end') return undefined;
    const input = inputs.get(callKey) ?? trusted('');
    inputs.delete(callKey);
    const status = inner.status as ToolExecStatus;
    const mark = status === 'ok' ? style.green(trusted('✓')) : style.red(trusted('✗'));
    const summary = summarizeToolResult(status, inner.result as ToolResult);
    const outcome = summary === '' ? trusted('') : own` → ${summary}`;
    const indent = trusted('  '.repeat(depth));
    return style.dim(
      own`${indent}↳ ${untrustedLine(agent)} ${mark} ${untrustedLine(String(inner.name))} ${input}${outcome}\n`,
    );
  };
}
