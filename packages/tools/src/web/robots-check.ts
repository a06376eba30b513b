import { createRequire } from 'node:module';
import { type FetchPageOptions, fetchPage } from './fetch-page.js';

// robots-parser is CommonJS and its type declarations do not describe the default export usably.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (
  url: string,
  text: string,
) => { isAllowed(url: string, userAgent?: string): boolean | undefined };

/** The verdict of a site's robots.txt on one URL. */
export type RobotsVerdict = { allowed: true } | { allowed: false; robotsUrl: string };

/** Caches robots.txt per origin for one tool kit (a run); fetched through the same checked client. */
export type RobotsCache = Map<string, Promise<((url: string) => boolean) | 'unreachable'>>;

/**
 * Whether `url` may be fetched under its site's robots.txt for `userAgent` (RFC 9309): a missing robots.txt
 * (4xx) allows everything; a server error or an unreachable one disallows everything, as the RFC asks.
 */
export async function checkRobots(
  url: URL,
  userAgent: string,
  cache: RobotsCache,
  fetchOptions: Omit<FetchPageOptions, 'url' | 'maxBytes' | 'accept' | 'wantsBody'>,
): Promise<RobotsVerdict> {
  const robotsUrl = new URL('/robots.txt', url).href;
  let rules = cache.get(url.origin);
  if (rules === undefined) {
    rules = loadRobots(robotsUrl, userAgent, fetchOptions);
    cache.set(url.origin, rules);
  }
  const check = await rules;
  if (check === 'unreachable') return { allowed: false, robotsUrl };
  return check(url.href) ? { allowed: true } : { allowed: false, robotsUrl };
}

async function loadRobots(
  robotsUrl: string,
  userAgent: string,
  fetchOptions: Omit<FetchPageOptions, 'url' | 'maxBytes' | 'accept' | 'wantsBody'>,
): Promise<((url: string) => boolean) | 'unreachable'> {
  try {
    const page = await fetchPage({
      ...fetchOptions,
      url: robotsUrl,
      maxBytes: 512 * 1024,
      accept: 'text/plain',
    });
    if (page.kind === 'redirect') return () => true;
    if (page.status >= 400 && page.status < 500) return () => true;
    if (page.status >= 500) return 'unreachable';
    const robots = robotsParser(robotsUrl, page.body.toString('utf8'));
    const agent = userAgent.split('/')[0] ?? userAgent;
    return (target) => robots.isAllowed(target, agent) !== false;
  } catch (error) {
    if (fetchOptions.signal.aborted) throw error;
    return 'unreachable';
  }
}
