import { v7 } from 'uuid';

/** Time-ordered UUIDv7: ids sort by creation time, which keeps B-tree inserts local. */
export const newEventId = (): string => v7();
