/** The contract's shapes as the workspace uses them. */
import type { ChannelInput, ChannelOutput } from '../../api/index.js';

export type Code = ChannelOutput<'codebook.get'>['codes'][number];
export type Coding = ChannelOutput<'codings.list'>[number];
export type Memo = ChannelOutput<'memos.list'>[number];
export type MemoTarget = Memo['target'];
export type TeamMember = ChannelOutput<'team.list'>[number];
export type AttributeDef = ChannelOutput<'attributes.defs'>[number];
export type AttributeValue = ChannelInput<'attributes.set'>['value'];
export type TranscriptSummary = ChannelOutput<'transcripts.list'>[number];
export type TranscriptDetail = ChannelOutput<'transcripts.get'>;
export type DistressMark = ChannelOutput<'marks.list'>[number];
export type CareState = ChannelOutput<'care.get'>;
export type CareEvent = ChannelInput<'care.record'>;
export type HistoryStep = ChannelInput<'history.apply'>['steps'][number];
export type Excerpt = ChannelOutput<'retrieve.excerpts'>['excerpts'][number];
export type SearchHit = ChannelOutput<'search.text'>['hits'][number];
export type DiffEntry = ChannelOutput<'codebook.diff'>['entries'][number];
export type CodebookVersion = ChannelOutput<'codebook.versions'>[number];
export type CodeFields = Omit<Code, 'id' | 'parentId' | 'position'>;

/** The workspace's views; `read` carries the transcript and, optionally, a passage to show. */
export type View =
  | { name: 'home' }
  | { name: 'read'; transcriptId: string; focus?: { start: number; end: number } }
  | { name: 'codebook'; codeId?: string }
  | { name: 'memos' }
  | { name: 'retrieve'; codeIds?: string[] }
  | { name: 'search' }
  | { name: 'care' }
  | { name: 'deid' }
  | { name: 'team' }
  | { name: 'exchange' };

export type ViewName = View['name'];
