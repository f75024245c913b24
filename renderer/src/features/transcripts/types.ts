import type { ChannelOutput } from '../../api/index.js';

export type TranscriptSummary = ChannelOutput<'transcripts.list'>[number];
export type ImportFileResult = ChannelOutput<'transcripts.import'>['results'][number];
