/**
 * Scripted agent sessions. The first user message carries the session's parameters
 * ("bench-session <id> steps=200 calls=3"), so one scripted server serves any number of sessions, in any order,
 * and keeps serving the right step after Wright compacts the history (the head of the history survives).
 */

/** The prompt that starts a session with these parameters. */
export function sessionPrompt({ id, steps, calls }) {
  return `bench-session ${id} steps=${steps} calls=${calls}. Call the tools as instructed, then answer.`;
}

/** The reasoning streamed at one step; long enough to make keeping or dropping it visible. */
export function stepReasoning(step) {
  return `Step ${step}: the previous results look fine, so the next thing is to call the tools again with the next arguments and then check what they return.`;
}

/**
 * A turn function for `startScriptedServer`: tool-call turns until the session's steps are done, then a final
 * answer; tool-less requests (Wright's compaction summary) get a short summary. Recorded requests are dropped as
 * they arrive so a long session does not grow the server's memory.
 */
export function createSessionTurns({ keepRequests = false } = {}) {
  const served = new Map();
  const replies = [];
  let server;
  const turn = (request) => {
    if (!keepRequests) server.requests.length = 0;
    const reply = chooseTurn(request);
    if (keepRequests) replies.push(reply);
    return reply;
  };
  const chooseTurn = (request) => {
    const messages = request.body.messages ?? [];
    const first = messages.find((message) => message.role === 'user')?.content ?? '';
    const match = /bench-session (\S+) steps=(\d+) calls=(\d+)/.exec(first);
    if (match === null) return { content: 'No bench session in this request.' };
    if (!Array.isArray(request.body.tools) || request.body.tools.length === 0) {
      return { content: `Summary: bench session ${match[1]} is calling tools step by step.` };
    }
    const steps = Number(match[2]);
    const calls = Number(match[3]);
    const key = `${match[1]}/${userTurns(messages)}`;
    const step = (served.get(key) ?? 0) + 1;
    served.set(key, step);
    if (step > steps) return { reasoning: 'All steps are done.', content: `Done after ${steps} steps.` };
    const toolName = request.body.tools[0].function.name;
    return {
      reasoning: stepReasoning(step),
      toolCalls: Array.from({ length: calls }, (_, call) => ({ name: toolName, arguments: { step, call } })),
      chunkSize: 16,
    };
  };
  return {
    turn,
    /** With `keepRequests`: the turn served for each recorded request, in the same order. */
    replies,
    attach(scriptedServer) {
      server = scriptedServer;
    },
  };
}

/** Counts user messages, so each user turn of a multi-turn session runs its own steps. */
function userTurns(messages) {
  return messages.filter((message) => message.role === 'user').length;
}
