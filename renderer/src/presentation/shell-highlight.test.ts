import { describe, expect, it } from 'vitest';
import { highlightShell } from './shell-highlight.js';

describe('highlightShell', () => {
  it('marks keywords, strings, variables and comments', () => {
    const html = highlightShell('#!/bin/sh\n# install\nif [ -n "$CI" ]; then echo \'ok\'; fi\n');
    expect(html).toContain('<span class="hljs-meta">#!/bin/sh</span>');
    expect(html).toContain('<span class="hljs-comment"># install</span>');
    expect(html).toContain('<span class="hljs-keyword">if</span>');
    expect(html).toContain('<span class="hljs-variable">$CI</span>');
    expect(html).toContain('<span class="hljs-string">&#x27;ok&#x27;</span>');
  });

  it('escapes markup in the script, so it shows as text', () => {
    const html = highlightShell(
      'echo "<img src=x onerror=alert(1)>" && cat <<EOF\n</textarea><script>x()</script>\nEOF',
    );
    expect(html).not.toMatch(/<(img|script|\/textarea)/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;');
  });

  it('keeps every character of the script, in order', () => {
    const script = 'for f in *.txt; do\n\techo "$f" | tr a-z A-Z # shout\ndone\n\n';
    const text = highlightShell(script)
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, '&');
    expect(text).toBe(script);
  });
});
