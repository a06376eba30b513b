export type { CustomCommand, LoadedCommands } from './commands/custom-commands.js';
export { expandCustomCommand, loadCustomCommands } from './commands/custom-commands.js';
export type { ConfigFile } from './config/config-schema.js';
export {
  approvalModes,
  configSchema,
  networkSettings,
  providerNames,
  thinkingModes,
} from './config/config-schema.js';
export type { LoadSettingsOptions } from './config/load-settings.js';
export { findProjectConfig, loadSettings, readConfigFile } from './config/load-settings.js';
export { dataDirectory, projectConfigFile, trustStoreFile, userConfigFile } from './config/paths.js';
export type { SettingFlags, Settings } from './config/settings.js';
export type { TrustPrompt, UntrustedProjectConfig } from './config/trust/gate-project-config.js';
export { trustGatedSettings, withoutGatedSettings } from './config/trust/gated-settings.js';
export type { TrustedProject } from './config/trust/trust-store.js';
export { isTrusted, readTrustedProjects, revokeProject, trustProject } from './config/trust/trust-store.js';
export type { CodingAgent, CodingAgentOptions, CodingRunOptions } from './create-coding-agent.js';
export { createCodingAgent } from './create-coding-agent.js';
export type { CommandHooksOptions } from './hooks/command-hooks.js';
export { createCommandHooks } from './hooks/command-hooks.js';
export type { HookCommand, HookEvent, HookMatcher, HooksConfig } from './hooks/hooks-config.js';
export { hooksSchema } from './hooks/hooks-config.js';
export { buildSystemPrompt, findAgentsFiles } from './prompts/build-system-prompt.js';
export type { DiscoveredSkills, Skill } from './skills/discover-skills.js';
export { discoverSkills } from './skills/discover-skills.js';
export { createSkillTool } from './skills/skill-tool.js';
export type { AgentDefinition, AgentOrigin } from './subagents/agent-definition.js';
export type { AgentDirectories, LoadedAgents } from './subagents/load-agent-definitions.js';
export { loadAgentDefinitions } from './subagents/load-agent-definitions.js';
export type { SubagentOptions } from './subagents/prepare-subagents.js';
export type { SubagentBudget, TaskToolOptions } from './subagents/task-tool.js';
export { createTaskTool } from './subagents/task-tool.js';
