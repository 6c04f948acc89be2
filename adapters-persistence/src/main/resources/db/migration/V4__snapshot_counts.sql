-- How many snapshots each account has, by server and status, kept by the database itself in the
-- transaction of every change: a listing's total then sums a handful of rows instead of counting
-- every snapshot of the account. One server's changes are serialized by its row lock already, so
-- its counter rows add no contention of their own.
create table snapshot_counts (
    account_id bigint      not null,
    server_id  bigint      not null,
    status     varchar(16) not null,
    n          bigint      not null check (n >= 0),
    primary key (account_id, server_id, status)
);

insert into snapshot_counts (account_id, server_id, status, n)
select account_id, server_id, status, count(*) from snapshots group by account_id, server_id, status;

create function snapshot_counts_follow() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update snapshot_counts set n = n - 1
         where account_id = old.account_id and server_id = old.server_id and status = old.status;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into snapshot_counts (account_id, server_id, status, n)
        values (new.account_id, new.server_id, new.status, 1)
        on conflict (account_id, server_id, status) do update set n = snapshot_counts.n + 1;
    end if;
    return null;
end
$$;

create trigger snapshot_counts_on_insert_or_delete after insert or delete on snapshots
    for each row execute function snapshot_counts_follow();

create trigger snapshot_counts_on_move after update on snapshots
    for each row
    when (old.status is distinct from new.status
          or old.server_id is distinct from new.server_id
          or old.account_id is distinct from new.account_id)
    execute function snapshot_counts_follow();
