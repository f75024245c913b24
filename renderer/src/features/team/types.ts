/** The contract's team shapes as the team screens use them. */
import type { ChannelInput, ChannelOutput } from '../../api/index.js';

export type BundleSummary = ChannelOutput<'bundle.open'>;
export type MergeResult = ChannelOutput<'merge.plan'>;
export type BundleMergeReport = MergeResult['bundles'][number];
export type MergeConflict = BundleMergeReport['conflicts'][number];
export type MergeSuggestion = BundleMergeReport['suggestions'][number];
export type NotPlaced = BundleMergeReport['notPlaced'][number];
export type AgreementQuery = ChannelInput<'agreement.compute'>;
export type AgreementReport = ChannelOutput<'agreement.compute'>;
export type AgreementFigures = AgreementReport['overall'];
export type Disagreement = ChannelOutput<'agreement.disagreements'>['items'][number];
/** A conflict or suggestion id → 'ours' | 'theirs' | 'new' | one of our code ids. */
export type Resolutions = Record<string, string>;
