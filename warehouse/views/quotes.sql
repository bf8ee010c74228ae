-- Direct quotations of the current version of each story (a new version of a story
-- replaces them in the same transaction).
create or replace view quotes as
select *
from stored.quotes
