import type { ErrorData } from '@wright/core';
import type { ModelAccess } from './model-access.js';

/** One line: the cause of a failed run and the fix, worded for the person at the terminal. */
export function describeRunError(error: ErrorData, access: ModelAccess, apiKeyEnv: string): string {
  const code = error.providerCode === undefined ? '' : `, code ${error.providerCode}`;
  const status = error.status === undefined ? '' : `HTTP ${error.status}`;
  const where = access.baseUrl ?? `the ${access.provider} API`;
  switch (error.code) {
    case 'auth':
      return `wright: the API key was rejected (${status || 'auth'}${code}); check ${apiKeyEnv} (a valid key from https://z.ai/manage-apikey/apikey-list)`;
    case 'network':
    case 'timeout':
      return `wright: cannot reach ${where} (${firstLine(error.message)}); check --base-url and that the server is running`;
    case 'bad-request':
      if (error.providerCode === '1211' || /model/i.test(error.message)) {
        return `wright: unknown model '${access.model}' (${status}${code}); pass --model glm-4.7 or another model your plan includes`;
      }
      break;
    case 'no-balance':
    case 'quota':
    case 'account':
    case 'rate-limit':
    case 'overloaded':
      break;
  }
  const hint = error.hint === undefined ? '' : `; ${error.hint}`;
  const detail = status === '' && code === '' ? '' : ` (${status}${code})`;
  return `wright: ${firstLine(error.message)}${detail}${hint}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
