/**
 * The contract's channel and event names. The bundler (scripts/build-node.mjs) replaces this
 * module with the two lists as literals: the sandboxed preload stays one small file without zod.
 */
export { channelNames } from '../../shared/contract/channels.js';
export { eventNames } from '../../shared/contract/events.js';
