// Entry point for the workbench's extensionTestsPath: the extension host require()s this file
// and awaits run(). It runs suite.js with Mocha and writes a JSON report to the path in
// POSTFIX_E2E_HOST_REPORT (the extension host inherits code-server's environment), because
// the remote extension host's console is not reliably visible to the runner.
// Plain CommonJS on purpose: it is loaded by the extension host, not by the unit-test build.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'suite.js'));
  const tests = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const report = {
        stats: { tests: tests.length, passes: tests.filter((t) => t.state === 'passed').length, failures },
        tests,
      };
      const file = process.env.POSTFIX_E2E_HOST_REPORT;
      if (file) fs.writeFileSync(file, JSON.stringify(report, null, 2));
      if (failures) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', error: String(err && err.message).split('\n')[0] }));
  });
};
