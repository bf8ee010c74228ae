-- Upkeep step 4: files that no remaining snapshot uses are deleted.
call ducklake_cleanup_old_files('{lake}', cleanup_all => true)
