/** The de-identification channels' shapes as these screens use them. */
import type { ChannelInput, ChannelOutput } from '../../api/index.js';

export type DeidEntity = ChannelOutput<'deid.queue'>['entities'][number];
export type DeidCandidate = ChannelOutput<'deid.entity'>['candidates'][number];
export type DeidDecision = NonNullable<DeidCandidate['decision']>;
export type DeidAction = ChannelInput<'deid.decide'>['action'];
export type EntityType = DeidEntity['type'];
export type RegisterEntry = ChannelOutput<'register.list'>[number];
export type RegisterKind = RegisterEntry['kind'];
export type DeidStatus = ChannelOutput<'deid.status'>;
export type ScanResult = ChannelOutput<'deid.scan'>;
export type Rendition = ChannelOutput<'deid.preview'>;
export type RenditionEdit = Rendition['edits'][number];
export type ReviewPackageView = ChannelOutput<'review.open'>;
export type GatePurpose = ChannelInput<'deid.check'>['purpose'];

export { ENTITY_TYPES } from '../../../../shared/deid/types.js';
export const REGISTER_KINDS: readonly RegisterKind[] = ['person', 'place', 'organisation', 'number'];
export const GATE_PURPOSES: readonly GatePurpose[] = ['quoting', 'archiving', 'sharing'];
