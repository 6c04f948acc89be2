-- How many snapshots each account has per label (key and value), by server and status, kept by
-- the database in the transaction of every change like snapshot_counts: a listing whose selector
-- is one key=value requirement reads its total here instead of counting the matching rows. The
-- triggers work per statement on the rows it changed; an update that changes none of the counted
-- columns (progress, most of them) adds nothing.
create table snapshot_label_counts (
    account_id  bigint      not null,
    label_key   text        not null,
    label_value text        not null,
    server_id   bigint      not null,
    status      varchar(16) not null,
    n           bigint      not null check (n >= 0),
    primary key (account_id, label_key, label_value, server_id, status)
);

insert into snapshot_label_counts (account_id, label_key, label_value, server_id, status, n)
select s.account_id, l.key, l.value, s.server_id, s.status, count(*)
  from snapshots s, jsonb_each_text(s.labels) l
 group by s.account_id, l.key, l.value, s.server_id, s.status;

create function snapshot_label_counts_add() returns trigger language plpgsql as $$
begin
    insert into snapshot_label_counts (account_id, label_key, label_value, server_id, status, n)
    select a.account_id, l.key, l.value, a.server_id, a.status, count(*)
      from added_rows a, jsonb_each_text(a.labels) l
     group by a.account_id, l.key, l.value, a.server_id, a.status
    on conflict (account_id, label_key, label_value, server_id, status)
    do update set n = snapshot_label_counts.n + excluded.n;
    return null;
end
$$;

create function snapshot_label_counts_remove() returns trigger language plpgsql as $$
begin
    update snapshot_label_counts c set n = c.n - r.n
      from (select o.account_id, l.key, l.value, o.server_id, o.status, count(*) as n
              from removed_rows o, jsonb_each_text(o.labels) l
             group by o.account_id, l.key, l.value, o.server_id, o.status) r
     where c.account_id = r.account_id and c.label_key = r.key and c.label_value = r.value
       and c.server_id = r.server_id and c.status = r.status;
    return null;
end
$$;

create function snapshot_label_counts_move() returns trigger language plpgsql as $$
begin
    update snapshot_label_counts c set n = c.n - r.n
      from (select o.account_id, l.key, l.value, o.server_id, o.status, count(*) as n
              from removed_rows o join added_rows a on a.id = o.id, jsonb_each_text(o.labels) l
             where (o.account_id, o.server_id, o.status, o.labels)
                   is distinct from (a.account_id, a.server_id, a.status, a.labels)
             group by o.account_id, l.key, l.value, o.server_id, o.status) r
     where c.account_id = r.account_id and c.label_key = r.key and c.label_value = r.value
       and c.server_id = r.server_id and c.status = r.status;
    insert into snapshot_label_counts (account_id, label_key, label_value, server_id, status, n)
    select a.account_id, l.key, l.value, a.server_id, a.status, count(*)
      from removed_rows o join added_rows a on a.id = o.id, jsonb_each_text(a.labels) l
     where (o.account_id, o.server_id, o.status, o.labels)
           is distinct from (a.account_id, a.server_id, a.status, a.labels)
     group by a.account_id, l.key, l.value, a.server_id, a.status
    on conflict (account_id, label_key, label_value, server_id, status)
    do update set n = snapshot_label_counts.n + excluded.n;
    return null;
end
$$;

create trigger snapshot_label_counts_on_insert after insert on snapshots
    referencing new table as added_rows
    for each statement execute function snapshot_label_counts_add();

create trigger snapshot_label_counts_on_delete after delete on snapshots
    referencing old table as removed_rows
    for each statement execute function snapshot_label_counts_remove();

create trigger snapshot_label_counts_on_update after update on snapshots
    referencing old table as removed_rows new table as added_rows
    for each statement execute function snapshot_label_counts_move();
