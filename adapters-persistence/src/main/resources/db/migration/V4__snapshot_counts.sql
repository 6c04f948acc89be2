-- How many snapshots each account has, by server and status, kept by the database itself in the
-- transaction of every change: a listing's total then sums a handful of rows instead of counting
-- every snapshot of the account. One server's changes are serialized by its row lock already, so
-- its counter rows add no contention of their own. The triggers work per statement on the rows it
-- changed, so that a bulk load adds to each counter once, not once a row.
create table snapshot_counts (
    account_id bigint      not null,
    server_id  bigint      not null,
    status     varchar(16) not null,
    n          bigint      not null check (n >= 0),
    primary key (account_id, server_id, status)
);

insert into snapshot_counts (account_id, server_id, status, n)
select account_id, server_id, status, count(*) from snapshots group by account_id, server_id, status;

create function snapshot_counts_add() returns trigger language plpgsql as $$
begin
    insert into snapshot_counts (account_id, server_id, status, n)
    select account_id, server_id, status, count(*) from added_rows
     group by account_id, server_id, status
    on conflict (account_id, server_id, status) do update set n = snapshot_counts.n + excluded.n;
    return null;
end
$$;

create function snapshot_counts_remove() returns trigger language plpgsql as $$
begin
    update snapshot_counts c set n = c.n - r.n
      from (select account_id, server_id, status, count(*) as n from removed_rows
             group by account_id, server_id, status) r
     where c.account_id = r.account_id and c.server_id = r.server_id and c.status = r.status;
    return null;
end
$$;

create function snapshot_counts_move() returns trigger language plpgsql as $$
begin
    update snapshot_counts c set n = c.n - r.n
      from (select o.account_id, o.server_id, o.status, count(*) as n
              from removed_rows o join added_rows a on a.id = o.id
             where (o.account_id, o.server_id, o.status) is distinct from (a.account_id, a.server_id, a.status)
             group by o.account_id, o.server_id, o.status) r
     where c.account_id = r.account_id and c.server_id = r.server_id and c.status = r.status;
    insert into snapshot_counts (account_id, server_id, status, n)
    select a.account_id, a.server_id, a.status, count(*)
      from removed_rows o join added_rows a on a.id = o.id
     where (o.account_id, o.server_id, o.status) is distinct from (a.account_id, a.server_id, a.status)
     group by a.account_id, a.server_id, a.status
    on conflict (account_id, server_id, status) do update set n = snapshot_counts.n + excluded.n;
    return null;
end
$$;

create trigger snapshot_counts_on_insert after insert on snapshots
    referencing new table as added_rows
    for each statement execute function snapshot_counts_add();

create trigger snapshot_counts_on_delete after delete on snapshots
    referencing old table as removed_rows
    for each statement execute function snapshot_counts_remove();

create trigger snapshot_counts_on_update after update on snapshots
    referencing old table as removed_rows new table as added_rows
    for each statement execute function snapshot_counts_move();
