import { onScopeDispose } from 'vue';

/** A key as written in a shortcut table: `n`, `?`, `/`, `Mod+f` (Ctrl, or ⌘ on macOS). */
export type ShortcutTable = Readonly<Record<string, (event: KeyboardEvent) => void>>;

/** In a field, the console, or anywhere in a form (its buttons and checkboxes too): keys are typing. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return (
    el.isContentEditable || el.closest('input, textarea, select, form, [role="textbox"], .xterm') !== null
  );
}

function keyOf(event: KeyboardEvent): string | null {
  const mod = event.ctrlKey || event.metaKey;
  if (event.altKey) return null;
  return mod ? `Mod+${event.key.toLowerCase()}` : event.key;
}

/**
 * Keyboard shortcuts while the calling component lives. Plain keys never fire while typing in a field,
 * a form or the console; `Mod+` keys always do.
 */
export function useShortcuts(table: ShortcutTable): void {
  const listener = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const key = keyOf(event);
    if (key === null) return;
    const handler = table[key];
    if (!handler || (!key.startsWith('Mod+') && isTyping(event.target))) return;
    event.preventDefault();
    handler(event);
  };
  window.addEventListener('keydown', listener);
  onScopeDispose(() => window.removeEventListener('keydown', listener));
}

/** For the help overlay: every shortcut the app offers, by screen. */
export const shortcutHelp: readonly { readonly keys: string; readonly what: string }[] = [
  { keys: 'n', what: 'New project' },
  { keys: ',', what: 'Settings' },
  { keys: 'h', what: 'Home (all projects)' },
  { keys: '?', what: 'This list' },
  { keys: '/', what: 'Search (repositories, console)' },
  { keys: '[ ]', what: 'Previous / next job (build page)' },
  { keys: 'r', what: 'Restart the job (build page)' },
  { keys: 'f', what: 'Follow the console output (build page)' },
  { keys: 'Mod+f', what: 'Search the console (build page)' },
];
