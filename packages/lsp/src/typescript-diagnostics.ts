import type { Diagnostic } from 'vscode-languageserver-protocol';

/** A request to a running server with a time limit (`ServerConnection.request`). */
export type ServerRequest = <Result>(method: string, params: unknown, timeoutMs: number) => Promise<Result>;

/** One diagnostic as tsserver's protocol gives it: 1-based line and offset. */
type TsserverDiagnostic = {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  text: string;
  code?: number;
  category?: string;
  source?: string;
};

const severities: Record<string, Diagnostic['severity']> = {
  error: 1,
  warning: 2,
  message: 3,
  suggestion: 4,
};

/**
 * An open file's syntax and type errors, asked of tsserver through typescript-language-server's
 * `typescript.tsserverRequest` command (`syntacticDiagnosticsSync`, then `semanticDiagnosticsSync`). tsserver
 * handles requests in order, so the answer reflects every change sent before; waiting for `publishDiagnostics`
 * instead costs the server's 300–800 ms debounce, and it publishes nothing when a file stays clean.
 */
export async function typescriptDiagnostics(
  request: ServerRequest,
  uri: string,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  const diagnostics: Diagnostic[] = [];
  for (const command of ['syntacticDiagnosticsSync', 'semanticDiagnosticsSync']) {
    const answer = await request<unknown>(
      'workspace/executeCommand',
      { command: 'typescript.tsserverRequest', arguments: [command, { file: uri }] },
      Math.max(1, deadline - Date.now()),
    );
    diagnostics.push(...toDiagnostics(answer, command));
  }
  return diagnostics;
}

/** The answer is tsserver's response (`{ success, body }`), or its body alone. */
function toDiagnostics(answer: unknown, command: string): Diagnostic[] {
  const response = answer as { success?: boolean; body?: unknown; message?: string } | null;
  if (response?.success === false)
    throw new Error(`tsserver refused ${command}: ${response.message ?? 'no reason given'}`);
  const body = Array.isArray(answer) ? answer : response?.body;
  if (!Array.isArray(body)) throw new Error(`tsserver gave no diagnostics for ${command}`);
  return (body as TsserverDiagnostic[]).map((item) => ({
    range: {
      start: { line: item.start.line - 1, character: item.start.offset - 1 },
      end: { line: item.end.line - 1, character: item.end.offset - 1 },
    },
    severity: severities[item.category ?? 'error'] ?? 1,
    message: item.text,
    ...(item.code === undefined ? {} : { code: item.code }),
    source: item.source ?? 'typescript',
  }));
}
