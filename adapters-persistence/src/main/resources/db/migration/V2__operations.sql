-- Every long-running job (snapshot, restore, purge) is a row of its own: workers act on it alone.
create sequence operation_ids start with 1;

create table operations (
    id               bigint primary key,
    kind             varchar(16)  not null check (kind in ('snapshot', 'restore', 'purge')),
    -- null for work the service gives itself (data no snapshot owns); no foreign keys: an
    -- operation outlives its snapshot and its server.
    account_id       bigint,
    server_id        bigint       not null,
    snapshot_id      bigint       not null,
    state            varchar(16)  not null
        check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempt          integer      not null default 0 check (attempt >= 0),
    progress         smallint     not null default 0 check (progress between 0 and 100),
    error            varchar(500),
    created_at       timestamptz  not null,
    deadline         timestamptz  not null,
    queued_at        timestamptz  not null,
    started_at       timestamptz,
    finished_at      timestamptz,
    lease_owner      varchar(255),
    lease_expires_at timestamptz,
    fence            bigint       not null default 0,
    stop_request     varchar(16) check (stop_request in ('deadline', 'cancel')),
    disk_written     boolean      not null default false,
    check ((state = 'running') = (lease_owner is not null))
);
-- What customers list: their operations, newest first, of one server or all.
create index operations_account_newest on operations (account_id, created_at desc, id desc);
create index operations_server_newest on operations (server_id, created_at desc, id desc);
-- What the supervisor and the claims look at: the few that have not ended.
create index operations_unended on operations (server_id, state) where state in ('queued', 'running');
create index operations_unended_snapshot on operations (snapshot_id) where state in ('queued', 'running');

-- The outbox carries events for subscribers and work for the workers, in one order.
alter table outbox add column topic varchar(16) not null default 'events'
    check (topic in ('events', 'work'));
-- Rows are deleted once published: nothing ever set this column.
alter table outbox drop column published_at;
