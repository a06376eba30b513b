import { createParser } from 'eventsource-parser';

/** Turns raw SSE bytes into `data` payloads. */
export type SseDecoder = {
  /** Feeds raw bytes; returns the `data` payloads completed by them (`[DONE]` included, unparsed). */
  push(bytes: Uint8Array): string[];
  /** Ends the input; returns payloads completed only by the end of the stream. */
  end(): string[];
};

/**
 * An SSE decoder over eventsource-parser. A streaming TextDecoder keeps multi-byte characters split across chunks
 * intact; CRLF, `event:` lines and comments are handled by the parser. A line of bare JSON is taken as a payload.
 */
export function createSseDecoder(): SseDecoder {
  const textDecoder = new TextDecoder('utf-8');
  let completed: string[] = [];
  const parser = createParser({
    onEvent: (event) => {
      completed.push(event.data);
    },
    // A bare JSON line outside SSE framing (an error envelope some servers send on a 200 stream) is read as data.
    onError: (error) => {
      const line = error.line?.trim() ?? '';
      if (error.type === 'unknown-field' && line.startsWith('{')) completed.push(line);
    },
  });
  const take = () => {
    const out = completed;
    completed = [];
    return out;
  };
  return {
    push(bytes) {
      parser.feed(textDecoder.decode(bytes, { stream: true }));
      return take();
    },
    end() {
      // A last event without its closing blank line still counts.
      parser.feed(`${textDecoder.decode()}\n\n`);
      return take();
    },
  };
}
