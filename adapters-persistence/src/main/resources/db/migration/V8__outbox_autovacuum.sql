-- The outbox is a queue: every row is removed soon after it came. Autovacuum's defaults wait for a
-- fifth of the table to be dead, which a queue reaches at once and then keeps: removed rows pile up
-- in its indexes, where every relay pass walks over them. The service vacuums it itself after many
-- removals (OutboxVacuum); these settings keep it in bounds where the service's user may not. No
-- vacuum gives the table's empty end back: that needs a lock that would stop every command.
alter table outbox set (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 5000,
    vacuum_truncate = false
);

-- Event ids are random UUIDs the service makes: their unique index guarded against nothing that
-- can happen, cost every command a write at a random place in it, and every vacuum a whole pass.
alter table outbox drop constraint outbox_event_id_key;
