-- Runs rows in the commits being merged that the runs view still shows.
select f.*
from read_parquet($files, union_by_name = true) as f
where exists (
    select 1 from runs as c
    where f.run_id = c.run_id and f.commit_id = c.commit_id
)
