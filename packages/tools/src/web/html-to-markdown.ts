import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

/** A page converted for the model. */
export type ConvertedPage = {
  /** The page title, when it has one. */
  title?: string;
  /** The readable content as markdown. */
  markdown: string;
  /** True when Readability found an article; false when the whole body was converted. */
  article: boolean;
};

/**
 * Converts an HTML page to readable markdown: linkedom parses it, Mozilla's Readability (Firefox's reader view)
 * keeps the main content, and turndown writes markdown (ATX headings, fenced code). Links and images are made
 * absolute against `url`. A page Readability cannot read (a listing, an app shell) is converted whole, scripts and
 * styles removed.
 */
export function htmlToMarkdown(html: string, url: string): ConvertedPage {
  const { document } = parseHTML(html);
  absolutise(document, url);
  const title = document.querySelector('title')?.textContent?.trim() || undefined;
  // Readability changes the document it reads; the fallback reads a fresh copy.
  const article = new Readability(
    parseHTML(document.toString()).document as unknown as ConstructorParameters<typeof Readability>[0],
    {
      charThreshold: 200,
    },
  ).parse();
  const turndown = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
  });
  turndown.remove(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed']);
  if (article?.content) {
    return {
      ...(article.title || title ? { title: (article.title || title)! } : {}),
      markdown: tidy(turndown.turndown(article.content)),
      article: true,
    };
  }
  const body = document.querySelector('body')?.innerHTML ?? html;
  return { ...(title ? { title } : {}), markdown: tidy(turndown.turndown(body)), article: false };
}

function absolutise(document: ReturnType<typeof parseHTML>['document'], url: string): void {
  for (const [selector, attribute] of [
    ['a[href]', 'href'],
    ['img[src]', 'src'],
  ] as const) {
    for (const element of document.querySelectorAll(selector)) {
      const value = element.getAttribute(attribute) ?? '';
      if (value.startsWith('#') || /^(javascript|data):/i.test(value.trim())) {
        if (attribute === 'href' && !value.startsWith('#')) element.removeAttribute(attribute);
        continue;
      }
      if (URL.canParse(value, url)) element.setAttribute(attribute, new URL(value, url).href);
    }
  }
}

// Collapses the blank-line runs turndown leaves around removed elements.
function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}
