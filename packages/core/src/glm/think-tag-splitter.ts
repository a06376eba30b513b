/** A piece of streamed content, routed to reasoning or visible text. */
export type ContentPiece = { kind: 'reasoning' | 'text'; text: string };

/** Splits reasoning that leaked into `content` (`<think>…</think>` or a bare leading `…</think>`) back out. */
export type ThinkTagSplitter = {
  /** Feeds a content delta; returns the pieces that can be decided now. */
  push(content: string): ContentPiece[];
  /** The server sent reasoning in its own field: stop looking for a bare `…</think>` prefix. */
  reasoningFieldSeen(): ContentPiece[];
  /** Ends the content; returns whatever was held back. */
  end(): ContentPiece[];
};

const open = '<think>';
const close = '</think>';

/**
 * Self-hosted servers without a reasoning parser put GLM's thoughts into `content`: the generation prompt already
 * opens `<think>`, so the output holds only the closing `</think>`. When `expectLeak` is true (thinking on and no
 * reasoning field seen yet), content is held back until `</think>` shows up or the content ends.
 */
export function createThinkTagSplitter(expectLeak: boolean): ThinkTagSplitter {
  let state: 'detect' | 'reasoning' | 'text' = 'detect';
  let expectBareClose = expectLeak;
  let buffer = '';

  const piece = (kind: ContentPiece['kind'], text: string): ContentPiece[] =>
    text === '' ? [] : [{ kind, text }];

  const drainReasoning = (): ContentPiece[] => {
    const at = buffer.indexOf(close);
    if (at >= 0) {
      const pieces = [
        ...piece('reasoning', buffer.slice(0, at)),
        ...piece('text', buffer.slice(at + close.length)),
      ];
      buffer = '';
      state = 'text';
      return pieces;
    }
    // Hold back a tail that may be the start of `</think>`.
    let keep = 0;
    for (let length = Math.min(close.length - 1, buffer.length); length > 0; length--) {
      if (close.startsWith(buffer.slice(buffer.length - length))) {
        keep = length;
        break;
      }
    }
    const ready = buffer.slice(0, buffer.length - keep);
    buffer = buffer.slice(buffer.length - keep);
    return piece('reasoning', ready);
  };

  const detect = (): ContentPiece[] => {
    const start = buffer.trimStart();
    if (start.startsWith(open)) {
      buffer = start.slice(open.length);
      state = 'reasoning';
      return drainReasoning();
    }
    if (open.startsWith(start)) return [];
    if (expectBareClose && buffer.includes(close)) {
      state = 'reasoning';
      return drainReasoning();
    }
    if (expectBareClose) return [];
    state = 'text';
    const text = buffer;
    buffer = '';
    return piece('text', text);
  };

  return {
    push(content) {
      if (state === 'text') return piece('text', content);
      buffer += content;
      return state === 'detect' ? detect() : drainReasoning();
    },
    reasoningFieldSeen() {
      expectBareClose = false;
      return state === 'detect' ? detect() : [];
    },
    end() {
      const rest = buffer;
      buffer = '';
      const kind = state === 'reasoning' ? 'reasoning' : 'text';
      state = 'text';
      return piece(kind, rest);
    },
  };
}
