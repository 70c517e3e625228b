/** Link filtering for replies and secret redaction for the log. */
import assert from 'node:assert/strict';
import { isOpenableLink } from '../../src/core/links';
import { SecretRedactor } from '../../src/core/redact';

describe('isOpenableLink', () => {
  for (const ok of ['https://pathors.com/docs', 'http://localhost:8080/x?y=1', 'mailto:team@pathors.com', ' HTTPS://EXAMPLE.COM ']) {
    it(`opens ${ok.trim()}`, () => assert.equal(isOpenableLink(ok), true));
  }
  for (const bad of ['command:workbench.action.reloadWindow', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', 'vscode://settings', '/relative', 'not a url', '']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(isOpenableLink(bad), false));
  }
});

describe('SecretRedactor', () => {
  it('masks registered keys, bearer tokens and Authorization values', () => {
    const r = new SecretRedactor();
    r.add('sk_live_0123456789');
    assert.equal(r.redact('key sk_live_0123456789 failed'), 'key *** failed');
    assert.equal(r.redact('Authorization: Bearer sk_other_abcdef'), 'Authorization: Bearer ***');
    assert.equal(r.redact('{"authorization":"sk_x_123456789"}'), '{"authorization":"***"}');
    assert.equal(r.redact('sent bearer abc.def-ghi'), 'sent Bearer ***');
  });

  it('ignores short values so ordinary words are never masked', () => {
    const r = new SecretRedactor();
    r.add('a');
    r.add('   ');
    assert.equal(r.redact('a cat'), 'a cat');
  });
});
