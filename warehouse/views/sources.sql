-- The manifest: the latest state of every source file seen (what makes re-runs incremental).
-- A run replaces a source's row in the commit that stores its stories.
create or replace view sources as
select *
from stored.sources
