import type { ErrorCode } from '../errors.js';

/** How Wright treats one Z.AI business code. */
export type BusinessCodeRule = {
  /** The Wright error code it maps to. */
  code: ErrorCode;
  /** Whether the request is retried. */
  retryable: boolean;
  /** Cap on retries for this code, below the client's `maxRetries` (e.g. 1230 is retried once). */
  maxRetries?: number;
  /** What the user should do. */
  hint: string;
};

const fixKey = 'Check the API key: it is missing, wrong or expired (create one at z.ai/manage-apikey).';
const account = 'Check the account status and permissions on the provider console.';
const badRequest = 'The request was rejected as malformed; check the named parameter and the model id.';
const blocked = 'The content was blocked by the provider content policy; rephrase the task.';
const backoff = 'The provider is busy; Wright retried with backoff. Try again later or lower concurrency.';

/** The business-code table of the protocol notes (§7), one entry per code. */
export const businessCodes: Readonly<Record<string, BusinessCodeRule>> = {
  '500': { code: 'overloaded', retryable: true, hint: 'The provider failed internally; try again later.' },
  '1000': { code: 'auth', retryable: false, hint: fixKey },
  '1001': { code: 'auth', retryable: false, hint: 'Send the API key (Authorization header missing).' },
  '1002': { code: 'auth', retryable: false, hint: fixKey },
  '1003': { code: 'auth', retryable: false, hint: fixKey },
  '1004': { code: 'auth', retryable: false, hint: fixKey },
  '1100': { code: 'account', retryable: false, hint: 'The account is inactive; activate it on the console.' },
  '1110': { code: 'account', retryable: false, hint: account },
  '1111': { code: 'account', retryable: false, hint: 'The account does not exist; check the API key.' },
  '1112': { code: 'account', retryable: false, hint: 'The account is locked; contact the provider.' },
  '1113': {
    code: 'no-balance',
    retryable: false,
    hint: 'The account balance is exhausted; top up the account.',
  },
  '1120': {
    code: 'overloaded',
    retryable: true,
    maxRetries: 2,
    hint: 'The account is temporarily unreachable; try later.',
  },
  '1121': {
    code: 'account',
    retryable: false,
    hint: 'The account was flagged for irregular activity; contact the provider.',
  },
  '1200': { code: 'bad-request', retryable: false, hint: badRequest },
  '1210': { code: 'bad-request', retryable: false, hint: badRequest },
  '1211': {
    code: 'bad-request',
    retryable: false,
    hint: 'The model does not exist; check the model id (e.g. glm-4.7).',
  },
  '1212': { code: 'bad-request', retryable: false, hint: 'The model does not support this call method.' },
  '1213': { code: 'bad-request', retryable: false, hint: badRequest },
  '1214': { code: 'bad-request', retryable: false, hint: badRequest },
  '1215': { code: 'bad-request', retryable: false, hint: badRequest },
  '1220': { code: 'account', retryable: false, hint: 'The key has no permission for this API or model.' },
  '1221': { code: 'account', retryable: false, hint: 'This API is offline; use another model or endpoint.' },
  '1222': { code: 'account', retryable: false, hint: 'This API does not exist; check the base URL.' },
  '1230': {
    code: 'overloaded',
    retryable: true,
    maxRetries: 1,
    hint: 'The API call failed while processing; try again.',
  },
  '1231': {
    code: 'bad-request',
    retryable: true,
    maxRetries: 1,
    hint: 'A request with the same request_id is still running; retried with a new request_id.',
  },
  '1234': {
    code: 'overloaded',
    retryable: true,
    hint: 'The provider reported a network error; try again later.',
  },
  '1261': {
    code: 'prompt-too-long',
    retryable: false,
    hint: 'The prompt is too long; compact the conversation.',
  },
  '1300': { code: 'blocked-content', retryable: false, hint: blocked },
  '1301': { code: 'blocked-content', retryable: false, hint: blocked },
  '1302': { code: 'rate-limit', retryable: true, hint: 'Too many concurrent requests; lower concurrency.' },
  '1303': { code: 'rate-limit', retryable: true, hint: 'Requests are too frequent; slow down.' },
  '1304': { code: 'quota', retryable: false, hint: 'The daily call limit is reached; wait for the reset.' },
  '1305': { code: 'overloaded', retryable: true, hint: backoff },
  '1308': {
    code: 'quota',
    retryable: false,
    hint: 'The usage limit is reached; wait for the reset time in the message.',
  },
  '1309': { code: 'quota', retryable: false, hint: 'The GLM Coding Plan has expired; renew it.' },
  '1310': {
    code: 'quota',
    retryable: false,
    hint: 'The weekly or monthly limit is reached; wait for the reset.',
  },
  '1311': {
    code: 'account',
    retryable: false,
    hint: 'The plan has no access to this model; pick another model.',
  },
  '1312': {
    code: 'overloaded',
    retryable: true,
    hint: 'The model is overloaded; try later or switch model.',
  },
  '1313': { code: 'rate-limit', retryable: true, hint: 'Fair-use throttling of the coding plan; slow down.' },
};
