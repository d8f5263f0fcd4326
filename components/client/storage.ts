// localStorage, where the browser keeps what the user typed or did until the server confirms it.
// Every access is guarded: storage may be disabled, full or absent (server render), and then the
// data lives in memory for the page's lifetime instead.

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The list stored under `key`, keeping only the entries `valid` accepts (old or corrupt data is dropped). */
export function loadList<T>(key: string, valid: (entry: unknown) => entry is T): T[] {
  try {
    const raw = storage()?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(valid) : [];
  } catch {
    return [];
  }
}

export function saveList(key: string, list: readonly unknown[]): void {
  try {
    const store = storage();
    if (!store) return;
    if (list.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list still lives in memory for this page.
  }
}

export function readDraft(key: string): string {
  try {
    return storage()?.getItem(key) ?? "";
  } catch {
    return "";
  }
}

export function writeDraft(key: string, value: string): void {
  try {
    if (value === "") storage()?.removeItem(key);
    else storage()?.setItem(key, value);
  } catch {
    // ignore: the draft stays in the field
  }
}

/** Reads and removes a value (a format an older version of a page left behind). */
export function takeItem(key: string): string | null {
  try {
    const store = storage();
    const value = store?.getItem(key) ?? null;
    store?.removeItem(key);
    return value;
  } catch {
    return null;
  }
}
