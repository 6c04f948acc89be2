-- A customer's labels on each snapshot (a flat JSON object of strings) and its protection from
-- deletion. Both columns have constant defaults, so adding them rewrites no row. The GIN index
-- (jsonb_ops) answers every form of a label selector: containment (@>) for key=value and its
-- negation, and key existence (?) for key and !key.
alter table snapshots
    add column labels           jsonb   not null default '{}'::jsonb,
    add column delete_protected boolean not null default false;

alter table snapshots add constraint snapshots_labels_object check (jsonb_typeof(labels) = 'object');

create index snapshots_labels on snapshots using gin (labels);
