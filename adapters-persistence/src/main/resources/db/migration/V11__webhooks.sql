-- Customers' webhook endpoints and every delivery of an event to one of them.
create sequence webhook_ids start with 1;

create table webhook_endpoints (
    id                    bigint primary key,
    account_id            bigint        not null references accounts (id) on delete cascade,
    url                   varchar(2000) not null,
    -- the public names of the event types delivered
    events                text[]        not null check (cardinality(events) > 0),
    description           varchar(500)  not null default '',
    enabled               boolean       not null,
    secret                varchar(100)  not null,
    previous_secret       varchar(100),
    previous_secret_until timestamptz,
    failing_since         timestamptz,
    disabled_reason       varchar(500),
    created_at            timestamptz   not null
);
create index webhook_endpoints_account on webhook_endpoints (account_id, id);

create sequence webhook_delivery_ids start with 1;

create table webhook_deliveries (
    id                bigint primary key,
    endpoint_id       bigint       not null references webhook_endpoints (id) on delete cascade,
    account_id        bigint       not null,
    event_id          uuid         not null,
    event_type        varchar(64)  not null,
    body              text         not null,
    event_at          timestamptz  not null,
    created_at        timestamptz  not null,
    status            varchar(16)  not null check (status in ('pending', 'delivered', 'failed')),
    attempts          integer      not null default 0 check (attempts >= 0),
    -- when the next attempt is due; a node sending it moves this to the end of its hold
    next_attempt_at   timestamptz,
    -- while set and in the future, a node is sending it: it counts against its endpoint's bound
    in_flight_until   timestamptz,
    last_attempt_at   timestamptz,
    last_status_code  integer,
    last_duration_ms  bigint,
    last_error        varchar(500),
    -- an event read twice from the bus is delivered once
    constraint webhook_deliveries_once unique (endpoint_id, event_id),
    check ((status = 'pending') = (next_attempt_at is not null))
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_newest on webhook_deliveries (endpoint_id, id desc);

-- Every attempt, as sent and answered.
create table webhook_attempts (
    delivery_id  bigint      not null references webhook_deliveries (id) on delete cascade,
    attempt      integer     not null,
    attempted_at timestamptz not null,
    status_code  integer,
    duration_ms  bigint      not null,
    error        varchar(500),
    primary key (delivery_id, attempt)
);
