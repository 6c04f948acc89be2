-- What a restore of a completed snapshot brings back, where its backend could tell: memory,
-- quiesced, crash_consistent or powered_off; null for snapshots of backends that cannot.
alter table snapshots add column consistency varchar(16)
  check (consistency in ('memory', 'quiesced', 'crash_consistent', 'powered_off'));
