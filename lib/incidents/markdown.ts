import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

// Notes are Markdown typed by people: rendered to HTML on the server, raw HTML dropped
// (remark-rehype without allowDangerousHtml) and the result sanitised (GitHub's schema), so a
// note can never inject markup or script. Rendered notes are cached by entry id: a note never
// changes once written, and a long timeline is read on every page load.

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize)
  .use(rehypeStringify)
  .freeze();

const cache = new Map<string, string>();
const CACHE_MAX = 20_000;

export function renderNote(markdown: string): string {
  return String(processor.processSync(markdown));
}

export function renderNoteCached(id: string, markdown: string): string {
  let html = cache.get(id);
  if (html === undefined) {
    html = renderNote(markdown);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, html);
  }
  return html;
}
