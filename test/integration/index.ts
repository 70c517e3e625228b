// Entry of the integration suite (extensionTestsPath): VS Code's extension host loads the
// bundle (out/test/integration/index.js) and awaits `run()`.
import { mocha } from './mocha';
// Suite files: keep `./mocha` above them, it defines the globals they use.
import './extension.test';
import './contributions.test';
import './connection.test';
import './walkthrough.test';
import './keyOrigin.test';
import './apply.test';
import './applyBlock.test';
import './context.test';
import './attachments.test';
import './native.test';
import './tools.test';
import './runCommand.test';
import './toolSettings.test';
import './nativeTools.test';

/** Runs the suites; rejects when any test fails. */
export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
