-- The virtualization host a server runs on (null where the backend has one host), and the host an
-- operation was queued for: a job keeps working where its server was when it was asked for, and a
-- purge of data found on a host goes to that host even after its server moved or went.
alter table servers add column host varchar(253);
alter table operations add column host varchar(253);
-- The reconciler walks every host some server runs on.
create index servers_host on servers (host) where host is not null;
