-- A date range holding most stories (10th to 90th percentile), for the date range query.
select quantile_disc(published_date, 0.1), quantile_disc(published_date, 0.9)
from stories
where published_date is not null
