-- What a label selector across an account reads, kept by the database in the transaction of every
-- change (statement-level triggers, like snapshot_counts), so that neither its count nor its page
-- grows with the account:
--
-- snapshot_label_sets counts the snapshots of each account by server, status and whole set of
-- labels ('{}' included: "!key" and "key!=value" select unlabelled snapshots too). Accounts label
-- their snapshots with few distinct sets, so the count of any selector is a sum over a handful of
-- rows that meet it; at worst, one row a snapshot. The set is keyed by its digest, since a btree
-- entry cannot hold 20 long labels; jsonb's text is canonical (keys sorted, one spelling).
--
-- snapshot_labels holds each label of each snapshot as a row, in the order the listing reads: an
-- account's snapshots with one key=value, newest first, are a range of the primary key, so a page
-- reads its 50 rows and no more. The second index finds a snapshot's rows when it goes or its
-- labels change, and holds it to one row a key. A snapshot's account, server and creation time do
-- not change, so its rows are rewritten only when its labels do.
--
-- Both replace the per-label counters of V15, whose sums could not count a selector of several
-- requirements.
drop trigger snapshot_label_counts_on_insert on snapshots;
drop trigger snapshot_label_counts_on_delete on snapshots;
drop trigger snapshot_label_counts_on_update on snapshots;
drop function snapshot_label_counts_add();
drop function snapshot_label_counts_remove();
drop function snapshot_label_counts_move();
drop table snapshot_label_counts;

create function labels_digest(labels jsonb) returns bytea language sql immutable strict parallel safe
    as $$ select sha256(convert_to(labels::text, 'UTF8')) $$;

create table snapshot_label_sets (
    account_id    bigint      not null,
    server_id     bigint      not null,
    status        varchar(16) not null,
    labels_digest bytea       not null,
    labels        jsonb       not null,
    n             bigint      not null check (n >= 0),
    primary key (account_id, server_id, status, labels_digest)
);

insert into snapshot_label_sets (account_id, server_id, status, labels_digest, labels, n)
select account_id, server_id, status, labels_digest(labels), labels, count(*)
  from snapshots
 group by account_id, server_id, status, labels;

create table snapshot_labels (
    account_id  bigint      not null,
    label_key   text        not null,
    label_value text        not null,
    created_at  timestamptz not null,
    snapshot_id bigint      not null,
    server_id   bigint      not null,
    primary key (account_id, label_key, label_value, created_at, snapshot_id)
);

create unique index snapshot_labels_of_snapshot on snapshot_labels (snapshot_id, label_key);

insert into snapshot_labels (account_id, label_key, label_value, created_at, snapshot_id, server_id)
select s.account_id, l.key, l.value, s.created_at, s.id, s.server_id
  from snapshots s, jsonb_each_text(s.labels) l;

create function snapshot_labels_add() returns trigger language plpgsql as $$
begin
    insert into snapshot_label_sets (account_id, server_id, status, labels_digest, labels, n)
    select a.account_id, a.server_id, a.status, labels_digest(a.labels), a.labels, count(*)
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

create function snapshot_labels_remove() returns trigger language plpgsql as $$
begin
    update snapshot_label_sets c set n = c.n - r.n
      from (select o.account_id, o.server_id, o.status, labels_digest(o.labels) as digest, count(*) as n
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

create function snapshot_labels_move() returns trigger language plpgsql as $$
begin
    update snapshot_label_sets c set n = c.n - r.n
      from (select o.account_id, o.server_id, o.status, labels_digest(o.labels) as digest, count(*) as n
              from removed_rows o join added_rows a on a.id = o.id
             where (o.account_id, o.server_id, o.status, o.labels)
                   is distinct from (a.account_id, a.server_id, a.status, a.labels)
             group by o.account_id, o.server_id, o.status, o.labels) r
     where c.account_id = r.account_id and c.server_id = r.server_id and c.status = r.status
       and c.labels_digest = r.digest;
    insert into snapshot_label_sets (account_id, server_id, status, labels_digest, labels, n)
    select a.account_id, a.server_id, a.status, labels_digest(a.labels), a.labels, count(*)
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

create trigger snapshot_labels_on_insert after insert on snapshots
    referencing new table as added_rows
    for each statement execute function snapshot_labels_add();

create trigger snapshot_labels_on_delete after delete on snapshots
    referencing old table as removed_rows
    for each statement execute function snapshot_labels_remove();

create trigger snapshot_labels_on_update after update on snapshots
    referencing old table as removed_rows new table as added_rows
    for each statement execute function snapshot_labels_move();
