/**
 * A file extension as the save dialog takes it: lower case, without the dot (e.g. "qdpx",
 * "tandai-bundle"). Its own module, without zod, because Electron's main checks the same rule.
 */
export const FILE_EXTENSION = /^[a-z0-9][a-z0-9-]{0,19}$/;
export const FILE_EXTENSION_RULE = 'lower-case letters, digits and hyphens, no dot';
