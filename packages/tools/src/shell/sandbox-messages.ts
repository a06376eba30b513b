import type { SandboxMode } from '@wright/core';

/** What the model reads when a command is refused because the sandbox is unavailable (fail closed). */
export function refusalMessage(mode: SandboxMode, refused: { reason: string; fix: string }): string {
  return (
    `Refused: shell commands run only inside the sandbox (${mode}), and it is not available on this host: ` +
    `${refused.reason}. Nothing was run. Do not retry shell commands; the user can fix the host (${refused.fix}) ` +
    'or turn the sandbox off (--sandbox off).'
  );
}

/** What the model reads before the output of a command the user let run outside the sandbox. */
export const unsandboxedRerunNote =
  '[The sandbox blocked this command; the user allowed running it once outside the sandbox. Output of that run:]';
