-- The outbox is a queue: every row is removed soon after it came. Autovacuum's defaults wait for a
-- fifth of the table to be dead, which a queue reaches at once and then keeps: removed rows pile up
-- in its indexes, where every relay pass walks over them. The service vacuums it itself after many
-- removals (OutboxVacuum); these settings keep it in bounds where the service's user may not.
alter table outbox set (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0,
    autovacuum_analyze_threshold = 5000
);
