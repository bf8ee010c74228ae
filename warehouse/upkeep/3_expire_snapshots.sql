-- Upkeep step 3: snapshots older than the retention expire ({older_than}: a timestamp
-- expression); time travel reaches back to the oldest one kept.
call ducklake_expire_snapshots('{lake}', older_than => {older_than})
