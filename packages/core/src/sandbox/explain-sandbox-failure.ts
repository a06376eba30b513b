import type { SandboxMode, SandboxNetwork } from './sandbox-options.js';

const readOnlyPattern = /Read-only file system|\bEROFS\b/;
const permissionPattern = /Permission denied|\bEACCES\b|\bEPERM\b|Operation not permitted/;
const networkPattern =
  /Could not resolve host|Temporary failure in name resolution|Name or service not known|\bEAI_AGAIN\b|\bENOTFOUND\b|getaddrinfo|Network is unreachable|\bENETUNREACH\b|Connection refused|\bECONNREFUSED\b|Failed to connect|Couldn't connect|fetch failed|dial tcp|No address associated|network is unreachable|failed to lookup address|error sending request|spurious network error|Could not fetch|Could not connect|Max retries exceeded|NewConnectionError/i;

/**
 * A plain-words note for the model when a failed command's output shows the sandbox stopped it (a read-only file
 * system, a denied path, no network), so that it changes course instead of retrying. Undefined when nothing in the
 * output points at the sandbox, or when the mode is `off`.
 */
export function explainSandboxFailure(
  output: string,
  sandbox: { mode: SandboxMode; network: SandboxNetwork },
): string | undefined {
  if (sandbox.mode === 'off') return undefined;
  const notes: string[] = [];
  const writable =
    sandbox.mode === 'workspace-write'
      ? 'only the workspace (except its .git and .wright folders), /tmp and the tool cache are writable'
      : 'nothing is writable but /tmp and the tool cache';
  if (readOnlyPattern.test(output)) {
    notes.push(
      `The sandbox (${sandbox.mode}) blocked a write: ${writable}. This is not a bug in the command; ` +
        'write inside the workspace instead, and do not retry the same write.',
    );
  } else if (permissionPattern.test(output)) {
    notes.push(
      `If this was a write outside the writable area or a read of a hidden credential folder (~/.ssh, ~/.aws, ...), the sandbox (${sandbox.mode}) refused it: ${writable}.`,
    );
  }
  if (sandbox.network === 'off' && networkPattern.test(output)) {
    notes.push(
      'Network access is off in the sandbox: no DNS and no connections, and localhost inside it is not the ' +
        "host's. Do not retry; work offline (cached packages, --offline flags), or tell the user it needs --network on.",
    );
  }
  return notes.length === 0 ? undefined : `[Sandbox: ${notes.join(' ')}]`;
}
