import type { SessionConfigOption, SessionModeState } from '@agentclientprotocol/sdk';
import { approvalModes, type Settings, thinkingModes } from '@wright/agent';

/** The editor's mode picker: Wright's approval modes, by the same names. */
const modeDescriptions: Record<Settings['approvalMode'], { name: string; description: string }> = {
  'read-only': { name: 'Read only', description: 'Reads freely; asks before every edit and command.' },
  'auto-edit': { name: 'Auto edit', description: 'Reads and edits freely; asks before commands.' },
  full: { name: 'Full access', description: 'Reads, edits and runs commands without asking.' },
};

/** The id of the thinking config option. */
export const thinkingOptionId = 'thinking';

/** The session's modes as ACP states them, the current one from the settings. */
export function sessionModes(settings: Pick<Settings, 'approvalMode'>): SessionModeState {
  return {
    currentModeId: settings.approvalMode,
    availableModes: approvalModes.map((id) => ({ id, ...modeDescriptions[id] })),
  };
}

/** The session's config options: turn-level thinking. */
export function sessionConfigOptions(settings: Pick<Settings, 'thinking'>): SessionConfigOption[] {
  return [
    {
      id: thinkingOptionId,
      name: 'Thinking',
      description: "GLM-4.7's reasoning before it answers (auto: the model decides per turn).",
      category: 'thought_level',
      type: 'select',
      currentValue: settings.thinking,
      options: thinkingModes.map((value) => ({ value, name: value })),
    },
  ];
}

/** True when `value` is one of Wright's approval modes. */
export function isApprovalMode(value: string): value is Settings['approvalMode'] {
  return (approvalModes as readonly string[]).includes(value);
}

/** True when `value` is one of Wright's thinking settings. */
export function isThinkingMode(value: string): value is Settings['thinking'] {
  return (thinkingModes as readonly string[]).includes(value);
}
