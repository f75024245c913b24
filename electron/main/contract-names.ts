/**
 * The contract's channel and event names. The bundler (scripts/build-node.mjs) replaces this
 * module with the two lists as literals, so main does not carry zod; tests load it as is.
 */
export { channelNames } from '../../shared/contract/channels.js';
export { eventNames } from '../../shared/contract/events.js';
