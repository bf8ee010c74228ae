-- One row per flow run: counts, timings, model and pipeline version. A running run's row is
-- rewritten with each chunk it commits, and finally with its status.
create or replace view runs as
select *
from stored.runs
