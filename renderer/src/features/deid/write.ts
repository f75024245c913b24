/**
 * Project writes from these screens go through the workspace store, so a view another window made
 * stale is refreshed instead of written over, and this window's own writes never look like another
 * window's. The channel's own error comes back to the caller (shown next to the form that made
 * it); null means the view was stale and has been refreshed (the store says so). `additive`: the
 * write only adds (a decision is a new row; one audit entry), so no check before it — the queue
 * stays fast.
 */
import { useCallback } from 'react';
import { ok } from '../../../../shared/result.js';
import { call, type ChannelInput, type ChannelName, type ChannelOutput, type Result } from '../../api/index.js';
import { useProject } from '../workspace/store.js';

export function useWrite() {
  const { write } = useProject();
  return useCallback(
    async <C extends ChannelName>(channel: C, input: ChannelInput<C>, opts?: { additive?: boolean }): Promise<Result<ChannelOutput<C>> | null> => {
      const r = await write(async () => ok(await call(channel, input)), opts);
      return r && r.ok ? r.value : null;
    },
    [write],
  );
}
