/**
 * Runtime validation of messages from the webview, which is untrusted input: parseWebviewMessage
 * accepts exactly the messages the protocol describes, returns a fresh copy of them, and rejects
 * everything else without throwing.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { isOpenableLink } from '../../src/core/links';
import { MAX_DROPPED_URIS, MAX_SEND_CHARS, parseWebviewMessage, type WebviewToHost } from '../../src/protocol';

/** The protocol's limits on ids and link targets. */
const MAX_ID = 200;
const MAX_HREF = 8192;
const MAX_BLOCK = 1_000_000;
const MAX_URI = 8192;

type Field = (v: unknown) => boolean;
const text = (max: number, ok: (s: string) => boolean = () => true): Field => (v) => typeof v === 'string' && v.length <= max && ok(v);
const oneOf = (...values: string[]): Field => (v) => typeof v === 'string' && values.includes(v);
const uriList: Field = (v) => Array.isArray(v) && v.length > 0 && v.length <= MAX_DROPPED_URIS &&
  Array.from(v as unknown[]).every((u) => typeof u === 'string' && u.length <= MAX_URI && /^[a-z][a-z0-9+.-]*:\S+$/i.test(u));
const index = (max: number): Field => (v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

/**
 * The protocol written out as a table: every message type with its fields and what each may hold.
 * Keyed by the union's own `type`s, so a message added to the protocol does not compile here
 * until its rules are added too.
 */
const SCHEMA: { readonly [T in WebviewToHost['type']]: Readonly<Record<string, Field>> } = {
  ready: {},
  stop: {},
  newChat: {},
  send: { text: text(MAX_SEND_CHARS, (s) => s.trim() !== '') },
  action: { action: oneOf('setApiKey', 'retry', 'openSettings', 'disableTools'), entryId: text(MAX_ID) },
  openLink: { href: text(MAX_HREF) },
  codeAction: {
    action: oneOf('copy', 'insert', 'newFile', 'apply', 'runInTerminal'),
    entryId: text(MAX_ID, (s) => s !== ''),
    block: index(MAX_BLOCK),
  },
  copyReply: { entryId: text(MAX_ID, (s) => s !== '') },
  askAgain: { entryId: text(MAX_ID, (s) => s !== '') },
  editResend: { entryId: text(MAX_ID, (s) => s !== ''), text: text(MAX_SEND_CHARS, (s) => s.trim() !== '') },
  approval: { entryId: text(MAX_ID, (s) => s !== ''), decision: oneOf('allow', 'allowConversation', 'deny'), reason: text(2_000), command: text(10_000) },
  attach: { kind: oneOf('file', 'selection', 'problems', 'gitChanges', 'terminal') },
  removeAttachment: { id: text(MAX_ID, (s) => s !== '') },
  openAttachment: { id: text(MAX_ID, (s) => s !== ''), entryId: text(MAX_ID) },
  dropUris: { uris: uriList },
};

/** Whether a JSON value is a message the table above allows. */
function allowed(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.type !== 'string' || !Object.hasOwn(SCHEMA, m.type)) return false;
  const fields = SCHEMA[m.type as WebviewToHost['type']];
  const keys = Object.keys(m).sort();
  return JSON.stringify(keys) === JSON.stringify(['type', ...Object.keys(fields)].sort()) &&
    Object.entries(fields).every(([name, ok]) => ok(m[name]));
}

/** One valid message of every type. */
const VALID: readonly WebviewToHost[] = [
  { type: 'ready' },
  { type: 'stop' },
  { type: 'newChat' },
  { type: 'send', text: 'Why does this fail?' },
  { type: 'action', action: 'setApiKey', entryId: 'e1' },
  { type: 'openLink', href: 'https://pathors.com/docs' },
  { type: 'codeAction', action: 'copy', entryId: 'a1', block: 0 },
  { type: 'copyReply', entryId: 'a1' },
  { type: 'askAgain', entryId: 'a1' },
  { type: 'editResend', entryId: 'u1', text: 'Why does this fail, really?' },
  { type: 'approval', entryId: 't1', decision: 'deny', reason: 'Not on this branch.', command: '' },
  { type: 'attach', kind: 'gitChanges' },
  { type: 'removeAttachment', id: 'a1' },
  { type: 'openAttachment', id: 'a1', entryId: 'u1' },
  { type: 'dropUris', uris: ['file:///work/src/a.ts', 'vscode-remote://ssh-remote%2Bbox/home/me/b.ts'] },
];

const show = (v: unknown): string => inspect(v, { depth: 2, maxStringLength: 60 });

function accepts(raw: unknown): void {
  const parsed = parseWebviewMessage(raw);
  assert.deepEqual(parsed, raw, `rejected ${show(raw)}`);
  assert.notEqual(parsed, raw, 'returns a copy, not the untrusted object itself');
}

function rejects(raw: unknown): void {
  assert.equal(parseWebviewMessage(raw), undefined, `accepted ${show(raw)}`);
}

describe('parseWebviewMessage', () => {
  it('covers every message type with a valid example', () => {
    assert.deepEqual(VALID.map((m) => m.type).sort(), Object.keys(SCHEMA).sort());
  });

  it('accepts every valid message, as a copy', () => {
    for (const m of VALID) accepts(m);
  });

  it('accepts values at their limits', () => {
    accepts({ type: 'send', text: 'x'.repeat(MAX_SEND_CHARS) });
    accepts({ type: 'send', text: '  indented\n' });
    for (const action of ['setApiKey', 'retry', 'openSettings']) accepts({ type: 'action', action, entryId: 'e'.repeat(MAX_ID) });
    // The configuration banner's Open Settings belongs to no entry.
    accepts({ type: 'action', action: 'openSettings', entryId: '' });
    accepts({ type: 'openLink', href: `https://x.example/${'a'.repeat(MAX_HREF - 18)}` });
    for (const action of ['copy', 'insert', 'newFile', 'apply', 'runInTerminal']) accepts({ type: 'codeAction', action, entryId: 'a1', block: 0 });
    accepts({ type: 'codeAction', action: 'insert', entryId: 'a'.repeat(MAX_ID), block: MAX_BLOCK });
    accepts({ type: 'copyReply', entryId: 'a'.repeat(MAX_ID) });
    accepts({ type: 'askAgain', entryId: 'a'.repeat(MAX_ID) });
    accepts({ type: 'editResend', entryId: 'u'.repeat(MAX_ID), text: 'x'.repeat(MAX_SEND_CHARS) });
  });

  it('rejects what is not a message object', () => {
    for (const raw of [undefined, null, 0, 1, NaN, '', 'ready', '{"type":"ready"}', true, Symbol('ready'), () => 0, 10n, [], [{ type: 'ready' }], ['type', 'ready']]) rejects(raw);
  });

  it('rejects unknown types', () => {
    for (const type of [undefined, null, 1, true, '', 'READY', 'ready ', ' ready', 'Ready', 'nope', 'delta', 'init', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ['ready'], { toString: () => 'ready' }]) {
      rejects({ type });
    }
  });

  it('rejects extra keys on every type', () => {
    for (const m of VALID) {
      for (const extra of ['extra', 'id', 'requestId', 'constructor', 'prototype', '0']) rejects({ ...m, [extra]: 1 });
      rejects({ ...m, extra: undefined });
    }
  });

  it('rejects missing and mistyped fields', () => {
    for (const m of VALID) {
      for (const field of Object.keys(m).filter((k) => k !== 'type')) {
        const { [field]: _omitted, ...missing } = m as unknown as Record<string, unknown>;
        rejects(missing);
        const numeric = typeof (m as unknown as Record<string, unknown>)[field] === 'number';
        const wrongs = numeric ? [null, '1', -1, 0.5, NaN, Infinity, true, [1], new Number(1)] : [null, 1, true, ['x'], { toString: () => 'x' }, new String('x')];
        for (const wrong of wrongs) rejects({ ...m, [field]: wrong });
      }
    }
  });

  it('rejects oversize values', () => {
    rejects({ type: 'send', text: 'x'.repeat(MAX_SEND_CHARS + 1) });
    rejects({ type: 'action', action: 'retry', entryId: 'e'.repeat(MAX_ID + 1) });
    rejects({ type: 'openLink', href: `https://x.example/${'a'.repeat(MAX_HREF)}` });
    rejects({ type: 'codeAction', action: 'copy', entryId: 'a1', block: MAX_BLOCK + 1 });
    rejects({ type: 'codeAction', action: 'copy', entryId: 'a'.repeat(MAX_ID + 1), block: 0 });
    rejects({ type: 'codeAction', action: 'copy', entryId: '', block: 0 });
    rejects({ type: 'copyReply', entryId: 'a'.repeat(MAX_ID + 1) });
    rejects({ type: 'askAgain', entryId: 'a'.repeat(MAX_ID + 1) });
    rejects({ type: 'editResend', entryId: 'u', text: 'x'.repeat(MAX_SEND_CHARS + 1) });
  });

  it('rejects an empty or blank send', () => {
    for (const blank of ['', ' ', '\n', '\t \r\n', '\u00a0\u2003\u3000', '\ufeff']) rejects({ type: 'send', text: blank });
  });

  it('rejects unknown actions, blank reply ids and languages that could carry markup', () => {
    for (const action of ['reload', 'SETAPIKEY', 'retry ', '', 'copy', 'constructor', '__proto__', 'toString']) rejects({ type: 'action', action, entryId: 'e1' });
    for (const action of ['delete', 'run', 'Copy', '', 'retry', 'constructor']) rejects({ type: 'codeAction', action, entryId: 'a1', block: 0 });
    rejects({ type: 'copyReply', entryId: '' });
    rejects({ type: 'askAgain', entryId: '' });
    for (const blank of ['', ' ', '\n']) rejects({ type: 'editResend', entryId: 'u1', text: blank });
    rejects({ type: 'editResend', entryId: '', text: 'x' });
    // The code itself never comes from the panel.
    rejects({ type: 'codeAction', action: 'insert', code: 'rm -rf ~', language: 'sh' });
    rejects({ type: 'codeAction', action: 'insert', entryId: 'a1', block: 0, code: 'rm -rf ~' });
  });

  it('rejects prototype-pollution shaped messages and pollutes nothing', () => {
    const shapes = [
      '{"type":"ready","__proto__":{"polluted":true}}',
      '{"__proto__":{"type":"ready"}}',
      '{"type":"send","text":"hi","__proto__":{"polluted":true}}',
      '{"type":"send","text":"hi","constructor":{"prototype":{"polluted":true}}}',
      '{"type":"openLink","href":"https://x.example","constructor":{"prototype":{"polluted":true}}}',
      '{"type":"constructor","prototype":{"polluted":true}}',
      '{"type":"__proto__","polluted":true}',
      '{"type":"action","action":"__proto__","entryId":"e1"}',
    ];
    for (const json of shapes) rejects(JSON.parse(json));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('accepts any href as text: opening is the host\'s isOpenableLink decision', () => {
    for (const href of ['javascript:alert(1)', 'command:workbench.action.reloadWindow', 'data:text/html,x', 'file:///etc/passwd', '']) {
      accepts({ type: 'openLink', href });
      assert.equal(isOpenableLink(href), false, href);
    }
  });

  describe('properties', () => {
    it('never throws on arbitrary values, and accepts only JSON messages the protocol allows', () => {
      fc.assert(
        fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true }), (v) => {
          const parsed = parseWebviewMessage(v);
          if (parsed !== undefined) assert.equal(allowed(JSON.parse(JSON.stringify(parsed))), true);
        }),
        { numRuns: 2000 },
      );
    });

    it('on arbitrary JSON: accepts exactly what the protocol allows, and what it accepts re-validates to itself', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (v) => {
          const parsed = parseWebviewMessage(v);
          assert.equal(parsed !== undefined, allowed(v));
          if (parsed !== undefined) {
            assert.deepEqual(parsed, v);
            assert.deepEqual(parseWebviewMessage(parsed), parsed);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('on message-shaped JSON: accepts exactly what the protocol allows, and what it accepts re-validates to itself', () => {
      const type = fc.oneof(
        { arbitrary: fc.constantFrom(...(Object.keys(SCHEMA) as WebviewToHost['type'][])), weight: 9 },
        { arbitrary: fc.constantFrom('READY', 'send ', '__proto__', 'constructor', ''), weight: 1 },
      );
      // Values that are valid for some field, near misses, and anything at all.
      const likely = fc.constantFrom(
        'setApiKey', 'retry', 'openSettings', 'copy', 'insert', 'newFile', 'apply', 'runInTerminal', 'reload', 'hi', ' x ', '', ' ', '\n',
        'e1', 'ts', 'c++', 'js onclick', 'file', 'gitChanges', 'folder', ['file:///a.ts'], [], 'https://x.example', 'javascript:alert(1)', '__proto__', 'constructor',
        0, 1, 7, -1, 0.5, 1_000_001,
      );
      const value = fc.oneof(
        { arbitrary: likely, weight: 6 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 2 },
        { arbitrary: fc.jsonValue({ maxDepth: 1 }), weight: 1 },
      );
      // A message of some type with a value for each of its fields, then maybe a key too many or too few.
      const message = type.chain((t) => {
        const fields = Object.hasOwn(SCHEMA, t) ? Object.keys(SCHEMA[t as WebviewToHost['type']]) : ['text'];
        return fc.tuple(
          fc.tuple(...fields.map(() => value)),
          fc.option(fc.tuple(fc.constantFrom('extra', 'text', 'action', 'entryId', 'href', 'code', 'language', 'block', 'constructor'), value), { freq: 4 }),
          fc.option(fc.constantFrom('type', ...fields), { freq: 4 }),
        ).map(([values, extra, drop]) => {
          const m: Record<string, unknown> = { type: t };
          fields.forEach((f, i) => (m[f] = values[i]));
          if (extra) m[extra[0]] = extra[1];
          if (drop) delete m[drop];
          return m;
        });
      });
      let accepted = 0;
      fc.assert(
        fc.property(message, (m) => {
          const parsed = parseWebviewMessage(m);
          assert.equal(parsed !== undefined, allowed(m), show(m));
          if (parsed !== undefined) {
            accepted++;
            assert.deepEqual(parsed, m);
            assert.deepEqual(parseWebviewMessage(parsed), parsed);
          }
        }),
        { numRuns: 20_000 },
      );
      assert.ok(accepted > 500, `only ${accepted} generated messages were valid; the generator should reach the accepting paths`);
    });
  });
  it('accepts attachment messages at their limits and rejects bad ones', () => {
    for (const kind of ['file', 'selection', 'problems', 'gitChanges', 'terminal']) accepts({ type: 'attach', kind });
    for (const kind of ['', 'File', 'folder', 'git', 'terminal ', '__proto__', 'constructor']) rejects({ type: 'attach', kind });
    accepts({ type: 'removeAttachment', id: 'a'.repeat(MAX_ID) });
    rejects({ type: 'removeAttachment', id: '' });
    rejects({ type: 'removeAttachment', id: 'a'.repeat(MAX_ID + 1) });
    // A pending chip belongs to no question yet.
    accepts({ type: 'openAttachment', id: 'a1', entryId: '' });
    rejects({ type: 'openAttachment', id: '', entryId: 'u1' });
    rejects({ type: 'openAttachment', id: 'a1' });
    rejects({ type: 'openAttachment', id: 'a1', entryId: 'u'.repeat(MAX_ID + 1) });
    accepts({ type: 'dropUris', uris: Array.from({ length: MAX_DROPPED_URIS }, (_, i) => `file:///w/${i}.ts`) });
    accepts({ type: 'dropUris', uris: [`file:///${'a'.repeat(MAX_URI - 8)}`] });
    rejects({ type: 'dropUris', uris: Array.from({ length: MAX_DROPPED_URIS + 1 }, (_, i) => `file:///w/${i}.ts`) });
    rejects({ type: 'dropUris', uris: [`file:///${'a'.repeat(MAX_URI - 7)}`] });
    rejects({ type: 'dropUris', uris: [] });
    // Not URIs: a relative path, a comment line of a uri-list, white space inside, a scheme alone, a hole.
    for (const bad of ['src/a.ts', '# comment', 'file:///a b.ts', 'file:', '1abc:/x', '', ' file:///a.ts']) rejects({ type: 'dropUris', uris: [bad] });
    // eslint-disable-next-line no-sparse-arrays
    rejects({ type: 'dropUris', uris: ['file:///a.ts', , 'file:///b.ts'] });
    rejects({ type: 'dropUris', uris: 'file:///a.ts' });
    rejects({ type: 'dropUris', uris: [['file:///a.ts']] });
  });

  it('ignores inherited properties: an object whose prototype looks like a message is not one', () => {
    assert.equal(parseWebviewMessage(Object.create({ type: 'stop' })), undefined);
    assert.equal(parseWebviewMessage(Object.assign(Object.create({ text: 'hi' }), { type: 'send' })), undefined);
  });
});
