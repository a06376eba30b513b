import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ServerRequest } from './typescript-diagnostics.js';

/**
 * An open file's diagnostics through LSP 3.17's pull request `textDocument/diagnostic`, for servers that answer it
 * with the state after every change sent before (pyright does): no wait for a publication and no settling time.
 */
export async function documentDiagnostics(
  request: ServerRequest,
  uri: string,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  const report = await request<{ kind?: string; items?: Diagnostic[] } | null>(
    'textDocument/diagnostic',
    { textDocument: { uri } },
    timeoutMs,
  );
  // No previousResultId is sent, so the answer is always a full report.
  if (report?.kind !== 'full' || !Array.isArray(report.items))
    throw new Error(`the server answered textDocument/diagnostic without a full report`);
  return report.items;
}
