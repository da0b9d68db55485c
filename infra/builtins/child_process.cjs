// Node's child_process, without its ES module facade (bundleAliases in infra/bundling.ts says why).
module.exports = process.getBuiltinModule('node:child_process');
