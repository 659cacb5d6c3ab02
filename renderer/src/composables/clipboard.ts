/** Puts text on the clipboard; fails with a sentence a person understands. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    throw new Error('The clipboard refused the text: select it and copy with the keyboard instead.');
  }
}
