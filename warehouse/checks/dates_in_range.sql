-- Publication dates must be plausible (not before 1800, not after tomorrow), and a
-- temporal expression's calendar range must not end before it starts.
select story_id, 'published_date' as problem, cast(published_date as varchar) as value
from stories
where published_date < date '1800-01-01' or published_date > current_date + 1

union all

select story_id, 'timex_range' as problem, value
from timexes
where range_start > range_end
