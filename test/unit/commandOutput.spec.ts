/** What the agent reads after run_command: command, folder, exit code, output without escapes, the end kept and the cut said. */
import assert from 'node:assert/strict';
import { COMMAND_MAX_CHARS, commandResult } from '../../src/core/commandOutput';

describe('commandResult', () => {
  it('names the command, the folder and the exit code, and gives the output as plain text', () => {
    assert.equal(commandResult('npm test', 'web', 1, '\u001b[31mfail\u001b[0m\r\n2 failing\r\n'), 'Ran `npm test` in web. Exit code: 1.\nOutput:\nfail\n2 failing');
  });

  it('says when the exit code is unknown and when there was no output', () => {
    assert.equal(commandResult('true', 'x', undefined, ''), 'Ran `true` in x. The exit code is unknown (the shell did not report it).\nOutput:\n(none)');
  });

  it('keeps the end of a long output, from a line start, and says so', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n');
    const result = commandResult('seq', '.', 0, lines);
    assert.match(result, /\nline 5000\n\[Cut: the output was longer; only its last \d+ characters are shown\.\]$/);
    const kept = result.slice(result.indexOf('Output:\n') + 8, result.lastIndexOf('\n[Cut'));
    assert.ok(kept.length <= COMMAND_MAX_CHARS);
    assert.match(kept, /^line \d+\n/);
    assert.match(commandResult('x', '.', 0, 'short', true), /\[Cut: the output was longer/);
  });
});
