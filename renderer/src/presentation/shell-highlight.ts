// Shell highlighting for the hook editor's scripts. highlight.js escapes the text it is given, so the
// markup it returns is safe to render: only its own <span class="hljs-…"> elements are tags.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';

hljs.registerLanguage('bash', bash);

export function highlightShell(script: string): string {
  return hljs.highlight(script, { language: 'bash', ignoreIllegals: true }).value;
}
