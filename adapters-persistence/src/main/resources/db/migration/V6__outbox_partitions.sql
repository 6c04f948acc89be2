-- The outbox is split in 16 partitions by a hash of the server id (its message key), so that one
-- server's messages stay in one partition, in order, while relays on several nodes publish
-- different partitions at once (each under an advisory lock of its own).
alter table outbox
    add column relay_partition smallint not null generated always as ((hashtext(message_key) & 15)::smallint) stored;
create index outbox_by_partition on outbox (relay_partition, id);
