// Node's url, without its ES module facade (bundleAliases in infra/bundling.ts says why).
module.exports = process.getBuiltinModule('node:url');
