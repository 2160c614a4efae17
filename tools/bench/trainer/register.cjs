// Runs libs/ml TypeScript directly with SWC as CommonJS. (SWCRC must be unset: any value,
// "false" included, makes @swc-node look for an .swcrc and emit ES modules.)
delete process.env.SWCRC;
require('@swc-node/register');
