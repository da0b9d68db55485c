/**
 * `@aws-lambda-powertools/jmespath/functions` in the bundles (see ./index.ts): Powertools
 * idempotency makes one as the default set of custom functions; dotted field paths call none.
 */
export class PowertoolsFunctions {}
