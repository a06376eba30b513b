import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import nodePath from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createSecretRedactor, redactSecrets } from '@wright/core';

/** Collects a process's output: the whole of it in a file, the head and tail in memory. */
export type OutputCapture = {
  /** Feeds a chunk of output. */
  write(chunk: Uint8Array): void;
  /** Flushes the file; removes it when everything fit in memory. Returns the summary. */
  finish(): Promise<CapturedOutput>;
};

/** The outcome of a capture. */
export type CapturedOutput = {
  /** Head + omission note + tail, or all of it when it fit. ANSI escapes removed. */
  text: string;
  /** Total bytes seen. */
  totalBytes: number;
  /** True when bytes were left out of `text`. */
  truncated: boolean;
  /** Absolute path of the file holding the full output; only when truncated. */
  fullOutputPath?: string;
};

/** Bytes kept from the start and from the end of an output. */
export const headBytes = 12 * 1024;
export const tailBytes = 12 * 1024;

/**
 * Starts a capture writing the full output under `directory` (created if needed). Every `secrets` value is
 * replaced by `[redacted]` before anything is kept, in memory or in the file, even when split across chunks.
 */
export async function createOutputCapture(
  directory: string,
  name: string,
  secrets: readonly string[] = [],
): Promise<OutputCapture> {
  await mkdir(directory, { recursive: true });
  const path = nodePath.join(directory, `${name}-${Date.now()}-${randomBytes(3).toString('hex')}.log`);
  const file: WriteStream = createWriteStream(path);
  const fileDone = new Promise<void>((resolve, reject) => {
    file.on('close', resolve);
    file.on('error', reject);
  });
  const head: Buffer[] = [];
  let headSize = 0;
  let tail = Buffer.alloc(0);
  let totalBytes = 0;
  const scrub = createStreamScrubber(secrets);
  const keep = (buffer: Buffer) => {
    totalBytes += buffer.length;
    file.write(buffer);
    if (headSize < headBytes) {
      const part = buffer.subarray(0, headBytes - headSize);
      head.push(part);
      headSize += part.length;
      if (part.length === buffer.length) return;
      tail = Buffer.from(buffer.subarray(part.length).subarray(-tailBytes));
      return;
    }
    tail = Buffer.concat([tail, buffer.subarray(-tailBytes)]);
    if (tail.length > tailBytes) tail = Buffer.from(tail.subarray(-tailBytes));
  };
  return {
    write(chunk) {
      keep(scrub.push(chunk));
    },
    async finish() {
      keep(scrub.end());
      file.end();
      await fileDone;
      // Scrubbed again after stripping escapes, so `sec\e[0mret` cannot slip a secret through.
      const clean = (bytes: Buffer) => redactSecrets(stripAnsi(bytes.toString('utf8')), secrets);
      const headText = clean(Buffer.concat(head));
      if (totalBytes <= headBytes + tailBytes) {
        await rm(path, { force: true });
        return {
          text: clean(Buffer.concat([...head, tail])),
          totalBytes,
          truncated: false,
        };
      }
      const omitted = totalBytes - headSize - tail.length;
      const note = `\n… [${omitted} bytes omitted; the full output (${totalBytes} bytes) is saved in ${path}; read it with read_file using offset and limit] …\n`;
      return {
        text: headText + note + clean(tail),
        totalBytes,
        truncated: true,
        fullOutputPath: path,
      };
    },
  };
}

/** Scrubs a byte stream of secrets: decodes UTF-8 across chunk edges and holds back a possible secret start. */
export function createStreamScrubber(secrets: readonly string[]): {
  push(chunk: Uint8Array): Buffer;
  end(): Buffer;
} {
  const decoder = new StringDecoder('utf8');
  const redactor = createSecretRedactor(secrets);
  return {
    push: (chunk) =>
      secrets.length === 0
        ? Buffer.from(chunk)
        : Buffer.from(redactor.push(decoder.write(Buffer.from(chunk)))),
    end: () =>
      secrets.length === 0 ? Buffer.alloc(0) : Buffer.from(redactor.push(decoder.end()) + redactor.end()),
  };
}

const ansiPattern = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)/g;

/** Removes terminal colour and control sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '');
}
