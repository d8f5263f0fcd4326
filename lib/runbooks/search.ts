import type { Runbook } from "./library";

// Library search: every word of the query must appear in the title, tags, summary, owner or
// text; case and accents are ignored because operators type "manutencao" for "manutenção".

/** Lower-case, accents removed (NFD then drop combining marks). */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export interface SearchHit {
  runbook: Runbook;
  /** Higher is better: title matches weigh most, then tags, summary/owner, text. */
  score: number;
  /** A short piece of the text around the first match, when the match is in the text. */
  snippet?: string;
}

interface Field {
  value: string;
  weight: number;
}

export function searchRunbooks(runbooks: readonly Runbook[], query: string): SearchHit[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return runbooks.map((runbook) => ({ runbook, score: 0 }));
  const hits: SearchHit[] = [];
  for (const runbook of runbooks) {
    const fields: Field[] = [
      { value: foldText(runbook.meta.title), weight: 10 },
      { value: foldText(runbook.meta.tags.join(" ")), weight: 5 },
      { value: foldText(`${runbook.meta.summary} ${runbook.meta.owner} ${runbook.slug}`), weight: 3 },
      { value: foldText(runbook.text), weight: 1 },
    ];
    let score = 0;
    for (const word of words) {
      const weights = fields.filter((field) => field.value.includes(word)).map((field) => field.weight);
      if (weights.length === 0) {
        score = -1;
        break;
      }
      score += Math.max(...weights);
    }
    if (score < 0) continue;
    hits.push({ runbook, score, snippet: snippetAround(runbook.text, words) });
  }
  return hits.sort((a, b) => b.score - a.score || a.runbook.slug.localeCompare(b.runbook.slug));
}

/** Folding keeps string length for Latin text, so indexes found in folded text fit the original. */
function snippetAround(text: string, words: string[], radius = 60): string | undefined {
  const folded = foldText(text);
  if (folded.length !== text.length) return undefined;
  const positions = words.map((word) => folded.indexOf(word)).filter((index) => index >= 0);
  if (positions.length === 0) return undefined;
  const at = Math.min(...positions);
  const start = Math.max(0, at - radius);
  const end = Math.min(text.length, at + radius);
  return `${start > 0 ? "…" : ""}${text.slice(start, end).trim()}${end < text.length ? "…" : ""}`;
}
