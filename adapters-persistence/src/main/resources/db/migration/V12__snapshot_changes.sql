-- Every committed change of a snapshot's status or progress, or of an operation on it, is told on
-- channel snapshot_changes with the snapshot's id, to every node that listens: a node streaming a
-- snapshot's progress learns of changes another node made.
create function snapshot_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('snapshot_changes', new.id::text);
    return null;
end
$$;

create trigger snapshot_changed after update of status, progress on snapshots
    for each row when (old.status is distinct from new.status or old.progress is distinct from new.progress)
    execute function snapshot_changed();

create function operation_changed() returns trigger language plpgsql as $$
begin
    if new.kind <> 'purge' then
        perform pg_notify('snapshot_changes', new.snapshot_id::text);
    end if;
    return null;
end
$$;

create trigger operation_inserted after insert on operations
    for each row execute function operation_changed();

create trigger operation_changed after update of state, progress on operations
    for each row when (old.state is distinct from new.state or old.progress is distinct from new.progress)
    execute function operation_changed();
