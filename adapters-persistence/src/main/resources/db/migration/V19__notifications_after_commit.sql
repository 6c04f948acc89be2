-- A NOTIFY in a transaction makes its commit take the one lock PostgreSQL serializes all notifying
-- commits with, held through the commit's flush: the creates, which commit many at a time, then
-- flushed one after another, and a slow flush held them all. The outbox is now announced by the
-- node once the transaction has committed, from a session of its own (CommitNotifications).
drop trigger outbox_signal on outbox;
drop function outbox_signal();

-- A snapshot's first operation is inserted with the snapshot itself: no one can be following a
-- snapshot that has not committed yet, so that insert tells no one. Its later changes, and the
-- operations started on a snapshot that exists (restore, delete), are told as before.
create or replace function operation_changed() returns trigger language plpgsql as $$
begin
    if new.kind <> 'purge' and (tg_op = 'UPDATE' or new.kind <> 'snapshot') then
        perform pg_notify('snapshot_changes', new.snapshot_id::text);
    end if;
    return null;
end
$$;
