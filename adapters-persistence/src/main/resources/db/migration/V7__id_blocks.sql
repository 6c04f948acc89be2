-- Each node draws ids in blocks of 50 (one nextval a block, see IdBlock), not one a round trip.
alter sequence snapshot_ids increment by 50;
alter sequence operation_ids increment by 50;
