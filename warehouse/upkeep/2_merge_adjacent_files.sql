-- Upkeep step 2: small adjacent files of each table merge into bigger ones.
call ducklake_merge_adjacent_files('{lake}')
