-- Upkeep step 5: files the catalog never recorded (a writer killed between writing a file
-- and committing it) are deleted once they are an hour old (a running writer's are younger).
call ducklake_delete_orphaned_files('{lake}', older_than => now() - interval '1 hour')
