-- Reject rows in the commits being merged that the rejects view still shows.
select f.*
from read_parquet($files, union_by_name = true) as f
where exists (
    select 1 from rejects as c
    where f.source_uri = c.source_uri
      and f.item_key is not distinct from c.item_key
      and f.run_id is not distinct from c.run_id
      and f.commit_id = c.commit_id
)
