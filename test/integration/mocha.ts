// The mocha instance of the integration run. Imported before the suite files, it defines
// `describe`, `it` and the hooks as globals, so the suites can be bundled with static
// imports instead of being found on disk at run time.
import Mocha from 'mocha';

export const mocha = new Mocha({
  ui: 'bdd',
  reporter: 'spec',
  // The output reaches the terminal through the workbench's log, which shows no colours.
  color: false,
  timeout: 30_000,
});

mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'test/integration', mocha);

// Only the matching tests, when set: for working on one suite without running them all.
if (process.env.PATHORS_TEST_GREP) mocha.grep(process.env.PATHORS_TEST_GREP);
