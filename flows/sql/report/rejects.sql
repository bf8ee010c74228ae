-- Inputs rejected in [$since, $until] (by the day they were rejected: a reject has no
-- publication date), per reason; transient ones are retried by the next run.
select reason, transient, count(*) as inputs
from rejects
where ($since::date is null or rejected_at::date >= $since::date)
  and ($until::date is null or rejected_at::date <= $until::date)
group by all
order by inputs desc, reason, transient
