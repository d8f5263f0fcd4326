import { slug } from "github-slugger";

// Checklist item ids. A tick is stored against the id, so the id must survive edits: authors
// pin it with a trailing `{#id}`; without one it is the slug of the text, which stays the same
// as long as the text does. The stateless `slug` (not a Slugger) is used on purpose, so a
// duplicate text is reported as a duplicate instead of silently becoming "text-1".

export const ITEM_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// `{#id}` / `{#id optional}` at the very end of the item's first paragraph.
const MARKER = /[ \t]*\{#([^{}\n]*)\}[ \t]*$/;

export interface ItemMarker {
  /** Whether the text ended with a marker at all. */
  found: boolean;
  /** The text with the marker removed. */
  text: string;
  id?: string;
  optional: boolean;
  problem?: string;
}

/** Finds and strips a trailing `{#id ...}` marker from the end of `text`. */
export function parseItemMarker(text: string): ItemMarker {
  const match = MARKER.exec(text);
  if (!match) return { found: false, text, optional: false };
  const stripped = text.slice(0, match.index);
  const [id = "", ...flags] = (match[1] ?? "").trim().split(/\s+/);
  const unknownFlags = flags.filter((flag) => flag !== "optional");
  if (id === "")
    return {
      found: true,
      text: stripped,
      optional: flags.includes("optional"),
      problem: "id vazio em {#...}: use {#meu-id}",
    };
  if (!ITEM_ID_PATTERN.test(id)) {
    return {
      found: true,
      text: stripped,
      optional: flags.includes("optional"),
      problem: `id "${id}" inválido: use só a-z, 0-9 e hífens (ex.: {#verificar-dlq})`,
    };
  }
  if (unknownFlags.length > 0) {
    return {
      found: true,
      text: stripped,
      id,
      optional: flags.includes("optional"),
      problem: `marcador desconhecido em {#${id} ...}: ${unknownFlags.join(", ")} (só "optional" é aceito)`,
    };
  }
  return { found: true, text: stripped, id, optional: flags.includes("optional") };
}

/** The id an item gets when the author does not pin one. */
export function itemIdFromText(text: string): string {
  return slug(text.trim());
}
