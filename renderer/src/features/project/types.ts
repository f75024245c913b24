import type { ChannelOutput } from '../../api/index.js';

export type ProjectInfo = ChannelOutput<'project.info'>;
