-- One set of counters instead of two: snapshot_label_sets counts the snapshots of each account by
-- server, status and set of labels, so that its sums by account, server and status are what
-- snapshot_counts held. Every change of a snapshot kept both, two statement triggers and two
-- upserts; it now keeps one.
--
-- The label-set triggers also compute the digest in their own statements: labels_digest() is
-- immutable but calls convert_to(), which is only stable, so PostgreSQL cannot inline it and ran it
-- as a function of its own for every row (as dear as the counter upsert it feeds). The expression is
-- the same, so every stored digest stays valid.
drop trigger snapshot_counts_on_insert on snapshots;
drop trigger snapshot_counts_on_delete on snapshots;
drop trigger snapshot_counts_on_update on snapshots;
drop function snapshot_counts_add();
drop function snapshot_counts_remove();
drop function snapshot_counts_move();
drop table snapshot_counts;

create or replace function snapshot_labels_add() returns trigger language plpgsql as $$
begin
    insert into snapshot_label_sets (account_id, server_id, status, labels_digest, labels, n)
    select a.account_id, a.server_id, a.status, sha256(convert_to(a.labels::text, 'UTF8')), a.labels, count(*)
      from added_rows a
     group by a.account_id, a.server_id, a.status, a.labels
    on conflict (account_id, server_id, status, labels_digest)
    do update set n = snapshot_label_sets.n + excluded.n;
    insert into snapshot_labels (account_id, label_key, label_value, created_at, snapshot_id, server_id)
    select a.account_id, l.key, l.value, a.created_at, a.id, a.server_id
      from added_rows a, jsonb_each_text(a.labels) l;
    return null;
end
$$;

create or replace function snapshot_labels_remove() returns trigger language plpgsql as $$
begin
    update snapshot_label_sets c set n = c.n - r.n
      from (select o.account_id, o.server_id, o.status, sha256(convert_to(o.labels::text, 'UTF8')) as digest, count(*) as n
              from removed_rows o
             group by o.account_id, o.server_id, o.status, o.labels) r
     where c.account_id = r.account_id and c.server_id = r.server_id and c.status = r.status
       and c.labels_digest = r.digest;
    delete from snapshot_labels t
     using removed_rows o
     where t.snapshot_id = o.id and o.labels <> '{}'::jsonb;
    return null;
end
$$;

create or replace function snapshot_labels_move() returns trigger language plpgsql as $$
begin
    update snapshot_label_sets c set n = c.n - r.n
      from (select o.account_id, o.server_id, o.status, sha256(convert_to(o.labels::text, 'UTF8')) as digest, count(*) as n
              from removed_rows o join added_rows a on a.id = o.id
             where (o.account_id, o.server_id, o.status, o.labels)
                   is distinct from (a.account_id, a.server_id, a.status, a.labels)
             group by o.account_id, o.server_id, o.status, o.labels) r
     where c.account_id = r.account_id and c.server_id = r.server_id and c.status = r.status
       and c.labels_digest = r.digest;
    insert into snapshot_label_sets (account_id, server_id, status, labels_digest, labels, n)
    select a.account_id, a.server_id, a.status, sha256(convert_to(a.labels::text, 'UTF8')), a.labels, count(*)
      from removed_rows o join added_rows a on a.id = o.id
     where (o.account_id, o.server_id, o.status, o.labels)
           is distinct from (a.account_id, a.server_id, a.status, a.labels)
     group by a.account_id, a.server_id, a.status, a.labels
    on conflict (account_id, server_id, status, labels_digest)
    do update set n = snapshot_label_sets.n + excluded.n;
    delete from snapshot_labels t
     using removed_rows o join added_rows a on a.id = o.id
     where t.snapshot_id = o.id
       and (o.account_id, o.server_id, o.created_at, o.labels)
           is distinct from (a.account_id, a.server_id, a.created_at, a.labels);
    insert into snapshot_labels (account_id, label_key, label_value, created_at, snapshot_id, server_id)
    select a.account_id, l.key, l.value, a.created_at, a.id, a.server_id
      from removed_rows o join added_rows a on a.id = o.id, jsonb_each_text(a.labels) l
     where (o.account_id, o.server_id, o.created_at, o.labels)
           is distinct from (a.account_id, a.server_id, a.created_at, a.labels);
    return null;
end
$$;
