-- The operations of a snapshot are found through an index of every operation, no longer one of the
-- unended only. Statistics gathered while every operation had ended describe the two partial
-- indexes of unended operations as empty, and they stay so described while a burst of creates
-- queues thousands. A plan for a server's queued or running operations then priced a whole scan of
-- the snapshots' partial index, filtering on the server, as free, and each job walked every queued
-- operation twice. An index of every operation is described by the table's own statistics, and
-- every operation starts queued, so every operation was in the partial index for a while anyway.
drop index operations_unended_snapshot;
create index operations_of_snapshot on operations (snapshot_id);
