import { benchTool, runFloorSession, runWrightSession } from '../lib/agent-loops.mjs';
import { commonPrefixLength, renderPrompt, renderReply } from '../lib/glm-template.mjs';
import { createSessionTurns, sessionPrompt } from '../lib/scripted-session.mjs';
import { median } from '../lib/stats.mjs';
import { makeRow, missingRow } from '../lib/table.mjs';
import { loadPiece } from '../lib/wright.mjs';

const names = {
  wright: 'Wright (clear_thinking false, reasoning kept)',
  'drop-reasoning': 'loop that drops reasoning_content',
  'clear-thinking-default': 'loop that keeps reasoning, clear_thinking default (true)',
};

/**
 * Suite 7: over scripted multi-turn sessions, how much of what a prefix cache holds after each request (the
 * rendered prompt plus the reply the model generated) the next request repeats from its start. Requests are
 * rendered as GLM-4.7's template shows them to the model. Counted in characters of the rendering.
 */
export const suite = {
  id: 'cache',
  title: 'Cache friendliness',
  async run(context) {
    const testing = await loadPiece('@wright/testing', 'startScriptedServer');
    if (testing.why) throw new Error(testing.why);
    const [client, runAgent] = await Promise.all([
      loadPiece('@wright/core', 'createGlmClient'),
      loadPiece('@wright/core', 'runAgent'),
    ]);
    const why = client.why ?? runAgent.why;
    const core = why === undefined ? { createGlmClient: client.value, runAgent: runAgent.value } : undefined;
    const session = {
      userTurns: 3,
      steps: 5,
      calls: 2,
      tool: benchTool({ name: 'read_file', outputChars: 300 }),
    };
    const figures = {};
    for (const subject of Object.keys(names)) {
      if (subject === 'wright' && core === undefined) continue;
      const recorded = await recordSession(testing.value, (baseUrl, marks) =>
        runMultiTurn(subject, core, baseUrl, session, marks),
      );
      figures[subject] = analyse(recorded);
      context.log(
        `${subject}: mean reuse ${figures[subject].meanReusePercent.toFixed(2)}%, min ${figures[subject].minReusePercent.toFixed(2)}%`,
      );
    }
    if (core !== undefined) {
      // A long single-turn session with a small context window, so compaction happens and is seen excluded.
      const compacting = {
        userTurns: 1,
        steps: 40,
        calls: 1,
        tool: benchTool({ name: 'read_file', outputChars: 3000 }),
      };
      const recorded = await recordSession(testing.value, (baseUrl, marks) =>
        runMultiTurn('wright', core, baseUrl, compacting, marks, { contextWindow: 20_000 }),
      );
      figures['wright, compacting session'] = analyse(recorded);
      context.log(
        `wright with compaction: ${figures['wright, compacting session'].compactionTurns} compaction turns`,
      );
    }
    return {
      rows: makeRows(figures, why),
      details: { session: { ...session, tool: session.tool.name }, figures },
    };
  },
};

async function recordSession(startScriptedServer, drive) {
  const sessions = createSessionTurns({ keepRequests: true });
  const server = await startScriptedServer({ turns: [sessions.turn], loop: true });
  sessions.attach(server);
  const compactedBefore = new Set();
  try {
    await drive(server.baseUrl, { compaction: () => compactedBefore.add(server.requests.length) });
  } finally {
    await server.close();
  }
  return {
    requests: server.requests.map((request) => request.body),
    replies: sessions.replies,
    compactedBefore,
  };
}

async function runMultiTurn(subject, core, baseUrl, session, marks, runOptions = {}) {
  const id = `${subject}-${Math.random().toString(36).slice(2, 8)}`;
  let history;
  for (let turn = 1; turn <= session.userTurns; turn++) {
    const prompt =
      turn === 1
        ? sessionPrompt({ id, steps: session.steps, calls: session.calls })
        : `Follow-up ${turn}: do it again.`;
    const common = { baseUrl, prompt, steps: session.steps, tool: session.tool, history };
    if (subject === 'wright') {
      const onEvent = (event) => {
        if (event.type === 'compaction-end') marks.compaction();
      };
      history = (await runWrightSession({ ...common, core, onEvent, runOptions })).messages;
    } else {
      const keepReasoning = subject !== 'drop-reasoning';
      history = (await runFloorSession({ ...common, keepReasoning, clearThinking: true })).messages;
    }
  }
}

/**
 * For each request after the first: `reuse` is the share of the previous request's prompt-plus-reply that this
 * request repeats from its start; `cachedShare` is the share of this request's own prompt that prefix covers.
 * Summary requests (no tools) and the request after a compaction are compaction turns.
 */
function analyse({ requests, replies, compactedBefore }) {
  const turns = [];
  for (let index = 1; index < requests.length; index++) {
    const previous = renderPrompt(requests[index - 1]) + renderReply(replies[index - 1]);
    const current = renderPrompt(requests[index]);
    const shared = commonPrefixLength(previous, current);
    const isSummary = (body) => !Array.isArray(body.tools) || body.tools.length === 0;
    const compaction =
      compactedBefore.has(index) || isSummary(requests[index]) || isSummary(requests[index - 1]);
    turns.push({
      request: index + 1,
      compaction,
      reusePercent: (100 * shared) / previous.length,
      cachedSharePercent: (100 * shared) / current.length,
      promptChars: current.length,
    });
  }
  const normal = turns.filter((turn) => !turn.compaction);
  const reuse = normal.map((turn) => turn.reusePercent);
  return {
    requests: requests.length,
    compactionTurns: turns.length - normal.length,
    meanReusePercent: reuse.reduce((sum, value) => sum + value, 0) / reuse.length,
    minReusePercent: Math.min(...reuse),
    medianCachedSharePercent: median(normal.map((turn) => turn.cachedSharePercent)),
    turns,
  };
}

function makeRows(figures, why) {
  const rows = [];
  const measure = (suffix) => `prefix reuse, ${suffix}`;
  for (const baseline of ['drop-reasoning', 'clear-thinking-default']) {
    const common = {
      suite: 'cache',
      measure: measure('mean over non-compaction requests'),
      unit: '%',
      better: 'higher',
      subject: names.wright,
      baseline: { name: names[baseline], value: figures[baseline].meanReusePercent },
    };
    if (figures.wright === undefined) {
      rows.push(missingRow({ ...common, why }));
      continue;
    }
    rows.push(makeRow({ ...common, value: figures.wright.meanReusePercent }));
  }
  if (figures.wright === undefined) return rows;
  rows.push(
    makeRow({
      suite: 'cache',
      measure: measure('worst non-compaction request'),
      unit: '%',
      better: 'higher',
      subject: names.wright,
      value: figures.wright.minReusePercent,
      baseline: { name: names['drop-reasoning'], value: figures['drop-reasoning'].minReusePercent },
      target: { text: '100% outside compaction turns', met: figures.wright.minReusePercent === 100 },
    }),
  );
  const compacting = figures['wright, compacting session'];
  rows.push(
    makeRow({
      suite: 'cache',
      measure: measure(
        `compacting session, worst of ${compacting.requests - 1 - compacting.compactionTurns} non-compaction requests`,
      ),
      unit: '%',
      better: 'higher',
      subject: names.wright,
      value: compacting.minReusePercent,
      target: { text: '100% outside compaction turns', met: compacting.minReusePercent === 100 },
      note: `${compacting.compactionTurns} compaction turns excluded`,
    }),
  );
  return rows;
}
