import type { DiscoveredSkills, Settings } from '@wright/agent';
import { buildSystemPrompt, createSkillTool, discoverSkills } from '@wright/agent';
import {
  childEnvironment,
  createGlmClient,
  createRequestSlots,
  type ModelClient,
  type SandboxOptions,
} from '@wright/core';
import type { RunBatchOptions } from '@wright/runner';
import { createBackgroundProcesses } from '@wright/tools';
import { buildConfiguredTools, builtinTools } from './build-tools.js';
import { clientLimits } from './client-limits.js';
import { languageServersPerTask } from './language-servers.js';
import { type ModelAccess, resolveModelAccess } from './model-access.js';
import { pathProtection } from './path-protection.js';
import { createRunApprover } from './run-approver.js';
import { secretPolicy } from './secret-policy.js';

/** What every task of a batch (local or on a queue worker) runs with, and how to release it. */
export type BatchTaskSetup = Pick<
  RunBatchOptions,
  'createModel' | 'tools' | 'releaseTools' | 'system' | 'agent' | 'secrets' | 'protection' | 'sandbox'
> & {
  access: ModelAccess;
  close(): Promise<void>;
};

/**
 * The model, tools, system prompt and loop options of batch tasks, from settings. Plugins and MCP servers from
 * config are loaded once and shared by every task, as `run` loads them once; built-in tools are fresh per task.
 * `wrapModel` lets a queue worker put a cross-worker concurrency limit around each task's client.
 */
export async function createBatchTaskSetup(options: {
  settings: Settings;
  /** The sandbox of every task's shell and check commands (from `announceSandbox`). */
  sandbox: SandboxOptions;
  /** Where plugins are resolved from (the tasks file's folder, or the worker's). */
  cwd: string;
  /** A fixed system prompt folder (the tasks file's); default: each task's own folder, for its AGENTS.md. */
  systemFrom?: string;
  wrapModel?: (model: ModelClient) => ModelClient;
}): Promise<BatchTaskSetup> {
  const { settings } = options;
  const access = resolveModelAccess(settings);
  const configured = await buildConfiguredTools({ settings, cwd: options.cwd });
  const processes = createBackgroundProcesses();
  const languageServers = await languageServersPerTask(settings, options.sandbox);
  const wrap = options.wrapModel ?? ((model: ModelClient) => model);
  // Coding Plan keys allow about one request at a time: the tasks of a batch queue for it instead of hitting 1302.
  const coding = access.provider === 'zai-coding' || access.provider === 'bigmodel-coding';
  const slots = coding ? createRequestSlots(1) : undefined;
  // A task's skills are found once (for its tools, then its system prompt, which takes them out of the cache).
  const skillCache = new Map<string, Promise<DiscoveredSkills>>();
  const skillsOf = (directory: string, last = false) => {
    const found =
      skillCache.get(directory) ??
      discoverSkills({
        projectDirectory: directory,
        ...(settings.configDirectory === undefined ? {} : { userDirectory: settings.configDirectory }),
      });
    if (last) skillCache.delete(directory);
    else skillCache.set(directory, found);
    return found;
  };
  return {
    access,
    createModel: () =>
      wrap(
        createGlmClient({
          provider: access.provider,
          model: access.model,
          ...(access.apiKey === undefined ? {} : { apiKey: access.apiKey }),
          ...(access.baseUrl === undefined ? {} : { baseUrl: access.baseUrl }),
          ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
          redact: childEnvironment(secretPolicy(settings)).secrets,
          ...clientLimits(settings),
          ...(slots === undefined ? {} : { requestSlots: slots }),
        }),
      ),
    // Each task sees the skills of the folder it works in, as `wright run` does: the `skill` tool and the listing.
    tools: async (task, directory) => {
      const skills = await skillsOf(directory);
      const tools = [
        ...builtinTools(settings, processes, options.sandbox),
        createSkillTool(skills.skills),
        ...configured.list,
      ];
      return languageServers === undefined ? tools : languageServers.wrap(task, tools);
    },
    releaseTools: async (task) => languageServers?.release(task),
    sandbox: options.sandbox,
    secrets: secretPolicy(settings),
    protection: pathProtection(settings),
    system: async (directory: string) => {
      const { skills } = await skillsOf(directory, true);
      return buildSystemPrompt(options.systemFrom ?? directory, undefined, { skills });
    },
    agent: {
      thinking: settings.thinking,
      prices: settings.prices,
      ...(settings.maxReasoningChars === undefined ? {} : { maxReasoningChars: settings.maxReasoningChars }),
      approve: createRunApprover({ settings, emit: () => {} }),
      ...(settings.maxSteps === undefined ? {} : { maxSteps: settings.maxSteps }),
    },
    async close() {
      processes.killAll();
      await Promise.all([configured.close(), languageServers?.close()]);
    },
  };
}
