import type { ErrorData } from '@wright/core';
import { providerProfiles } from '@wright/core/internal';
import { hostedProviders, type ModelAccess } from './model-access.js';
import { describeSessionError } from './session-operations.js';

/** One line: the cause of a failed run and the fix, worded for the person at the terminal. */
export function describeRunError(error: ErrorData, access: ModelAccess, apiKeyEnv: string): string {
  const code = error.providerCode === undefined ? '' : `, code ${error.providerCode}`;
  const status = error.status === undefined ? '' : `HTTP ${error.status}`;
  const where =
    access.baseUrl ?? providerProfiles[access.provider].defaultBaseUrl ?? `the ${access.provider} API`;
  const hosted = hostedProviders.has(access.provider);
  switch (error.code) {
    case 'auth':
      return hosted
        ? `wright: the API key was rejected (${status || 'auth'}${code}); check ${apiKeyEnv} (a valid key from https://z.ai/manage-apikey/apikey-list)`
        : `wright: the API key was rejected (${status || 'auth'}${code}); check ${apiKeyEnv} (the key ${where} expects)`;
    case 'network':
    case 'timeout':
      return access.baseUrl === undefined
        ? `wright: cannot reach ${where} (${withoutFinalStop(firstLine(error.message))}); check your network connection and proxy settings`
        : `wright: cannot reach ${where} (${withoutFinalStop(firstLine(error.message))}); check --base-url and that the server is running`;
    case 'session': {
      const { message, hint } = describeSessionError(firstLine(error.message));
      return `${message}; ${hint}`;
    }
    case 'bad-request':
      if (error.providerCode === '1211' || /model/i.test(error.message)) {
        const fix = hosted
          ? 'pass --model glm-4.7 or another model your plan includes'
          : 'pass --model with a model id the server serves';
        return `wright: unknown model '${access.model}' (${status}${code}); ${fix}`;
      }
      break;
  }
  const message = withoutFinalStop(firstLine(error.message));
  // The client's messages often carry the status and code already; say them once.
  const detail = status === '' || message.includes(status) ? '' : ` (${status}${code})`;
  const hint = error.hint === undefined ? '' : `; ${lowerFirst(withoutFinalStop(error.hint))}`;
  return `wright: ${message}${detail}${hint}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

function withoutFinalStop(text: string): string {
  return text.replace(/\.$/, '');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}
