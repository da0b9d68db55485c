// Node's async_hooks, without its ES module facade (bundleAliases in infra/bundling.ts says why).
module.exports = process.getBuiltinModule('node:async_hooks');
