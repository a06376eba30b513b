// The `@wright/agent/internal` entry: helpers Wright's own packages share. Unstable: names here change or go
// without notice; apps and plugins use the main entry (docs/api.md).
export type {
  LanguageServerConfigEntry,
  McpServerConfig,
  PermissionRuleConfig,
} from './config/config-schema.js';
export { describeIssue } from './config/load-settings.js';
export type { ProjectConfigSource } from './config/trust/gate-project-config.js';
export { gateProjectConfig } from './config/trust/gate-project-config.js';
export type { FrontMatterDocument, FrontMatterResult } from './front-matter.js';
export { parseFrontMatter, textField } from './front-matter.js';
export { hookEvents, hooksFor, matcherSelects } from './hooks/hooks-config.js';
export type { HookVerdict } from './hooks/read-hook-output.js';
export { readHookOutput } from './hooks/read-hook-output.js';
export type { HookCommandOutcome, RunHookCommandOptions } from './hooks/run-hook-command.js';
export { runHookCommand } from './hooks/run-hook-command.js';
export { projectSkillDirectories } from './skills/discover-skills.js';
export { formatSkillsSection } from './skills/skills-prompt.js';
export type { ParsedAgentFile } from './subagents/agent-definition.js';
export { parseAgentFile } from './subagents/agent-definition.js';
