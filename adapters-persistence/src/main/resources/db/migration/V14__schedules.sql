-- Snapshot schedules, at most one per server, and the history of their runs. A scheduled
-- snapshot names its schedule; the id stays when the schedule is removed, so that its snapshots
-- still say where they came from (and no other schedule ever rotates them).
create sequence schedule_ids;

create table schedules (
    id           bigint primary key,
    account_id   bigint      not null references accounts (id),
    server_id    bigint      not null references servers (id) on delete cascade,
    name_prefix  varchar(50) not null,
    every        varchar(8)  not null check (every in ('daily', 'weekly')),
    at_minute    smallint    not null check (at_minute between 0 and 1439),
    weekday      smallint             check (weekday between 1 and 7),
    keep         smallint    not null check (keep between 1 and 5),
    enabled      boolean     not null,
    labels       jsonb       not null default '{}'::jsonb,
    created_at   timestamptz not null,
    next_run_at  timestamptz not null,
    pending_tick timestamptz
);

create unique index schedules_one_per_server on schedules (server_id);
create index schedules_account on schedules (account_id, id);
-- What the firing pass claims: the earliest due enabled schedules.
create index schedules_due on schedules (next_run_at) where enabled;

create table schedule_runs (
    id            bigserial primary key,
    schedule_id   bigint      not null references schedules (id) on delete cascade,
    scheduled_for timestamptz not null,
    ran_at        timestamptz not null,
    outcome       varchar(16) not null check (outcome in ('succeeded', 'skipped')),
    snapshot_id   bigint,
    rotated       bigint[]    not null default '{}',
    reason        varchar(64),
    detail        varchar(500)
);

create index schedule_runs_newest on schedule_runs (schedule_id, id desc);

alter table snapshots add column schedule_id bigint;
