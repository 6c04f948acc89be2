-- Outbox rows that cannot be read back (a rolled-back version, a renamed field, a hand-written row)
-- are set aside here, so that one bad row never stops publishing; an operator requeues or drops them.
create table outbox_quarantine (
    id             bigint primary key,
    topic          varchar(16)  not null,
    event_id       uuid         not null,
    event_type     varchar(64)  not null,
    message_key    varchar(64)  not null,
    payload        jsonb        not null,
    occurred_at    timestamptz  not null,
    reason         varchar(500) not null,
    quarantined_at timestamptz  not null
);
