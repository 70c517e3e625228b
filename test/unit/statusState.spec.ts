/** The status bar item's state: which one wins, and where a click goes. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { endsWithError, statusKind, statusLook, type StatusInputs } from '../../src/core/statusState';
import type { TranscriptEntry } from '../../src/protocol';

const ready: StatusInputs = { hasKey: true, configProblem: null, busy: false, lastRequestFailed: false };

describe('status bar state', () => {
  it('is ready when everything is set and nothing failed', () => {
    assert.equal(statusKind(ready), 'ready');
  });

  it('shows what is missing, the project before the key', () => {
    assert.equal(statusKind({ ...ready, hasKey: false }), 'noKey');
    assert.equal(statusKind({ ...ready, configProblem: 'noProject' }), 'noProject');
    assert.equal(statusKind({ ...ready, configProblem: 'badEndpoint' }), 'badEndpoint');
    assert.equal(statusKind({ ...ready, configProblem: 'noProject', hasKey: false }), 'noProject');
  });

  it('shows a failed last request until something more pressing comes up', () => {
    assert.equal(statusKind({ ...ready, lastRequestFailed: true }), 'error');
    assert.equal(statusKind({ ...ready, lastRequestFailed: true, hasKey: false }), 'noKey');
  });

  it('shows streaming whenever a reply is in progress', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom(null, 'noProject' as const, 'badEndpoint' as const), fc.boolean(), (hasKey, configProblem, failed) => {
        assert.equal(statusKind({ hasKey, configProblem, busy: true, lastRequestFailed: failed }), 'streaming');
      }),
    );
  });

  it('reads a failed request from the end of the transcript', () => {
    const entry = (role: TranscriptEntry['role']): TranscriptEntry => ({ id: role, role, text: '' });
    assert.equal(endsWithError([]), false);
    assert.equal(endsWithError([entry('user'), entry('assistant')]), false);
    assert.equal(endsWithError([entry('user'), entry('error')]), true);
    assert.equal(endsWithError([entry('user'), entry('assistant'), entry('error')]), true);
    assert.equal(endsWithError([entry('error'), entry('user'), entry('assistant')]), false);
  });

  it('opens the chat when usable, and the fix otherwise', () => {
    assert.deepEqual(statusLook('ready').command, { command: 'pathors.chatView.focus' });
    assert.deepEqual(statusLook('streaming').command, { command: 'pathors.chatView.focus' });
    assert.deepEqual(statusLook('noKey').command, { command: 'pathors.setApiKey' });
    assert.deepEqual(statusLook('noProject').command, { command: 'workbench.action.openSettings', arguments: ['pathors.projectId'] });
    assert.deepEqual(statusLook('badEndpoint', 'pathors.endpointUrl').command, {
      command: 'workbench.action.openSettings',
      arguments: ['pathors.endpointUrl'],
    });
    assert.deepEqual(statusLook('error').command, { command: 'pathors.showLog' });
  });

  it('has a codicon for every state, a spinning one while streaming, and colour only for an error', () => {
    const kinds = ['ready', 'noKey', 'noProject', 'badEndpoint', 'streaming', 'error'] as const;
    for (const kind of kinds) assert.match(statusLook(kind).icon, /^\$\([a-z-]+(~spin)?\)$/, kind);
    assert.match(statusLook('streaming').icon, /~spin\)$/);
    assert.deepEqual(kinds.filter((k) => statusLook(k).background), ['error']);
  });
});
