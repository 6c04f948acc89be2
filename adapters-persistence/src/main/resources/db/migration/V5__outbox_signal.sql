-- Every transaction that appends to the outbox tells the relays when it commits (PostgreSQL
-- delivers a notification at commit, once per transaction however many rows it added).
create function outbox_signal() returns trigger language plpgsql as $$
begin
    perform pg_notify('snapshots_outbox', '');
    return null;
end
$$;

create trigger outbox_signal after insert on outbox
    for each statement execute function outbox_signal();
