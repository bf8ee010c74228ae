-- The people quoted most
select speaker_canonical, count(*) as quotes
from quotes where speaker_canonical is not null
group by 1 order by 2 desc limit 10
