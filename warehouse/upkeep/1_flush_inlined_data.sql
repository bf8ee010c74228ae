-- Upkeep step 1 (`storywire compact`): rows that small commits kept inline in the catalog
-- go to Parquet files. {lake} is the attached lake.
call ducklake_flush_inlined_data('{lake}')
