-- grain: one row per (account, alert) with an evaluation unit on the run date
-- input: evaluate_relevance, backtest_alert_evidence (the evidence days before the run date)
-- How much history the lists of an alert were built from: its investigations in the evidence
-- window. alert_group warm/cold says whether it had any; history_segment buckets the count so a
-- ranker that only wins on the busiest alerts cannot hide its losses on the long tail:
-- 0 (cold), 1-2, 3-9, 10-29, 30+.
with history as (
  select account_id, alert_id, sum(n_investigations) as n_investigations
  from backtest_alert_evidence
  group by account_id, alert_id
),

investigated as (
  select distinct account_id, alert_id from evaluate_relevance
),

counted as (
  select i.account_id, i.alert_id, coalesce(h.n_investigations, 0L) as n_history_investigations
  from investigated as i
  left join history as h on h.account_id = i.account_id and h.alert_id = i.alert_id
),

final as (
  select
    account_id,
    alert_id,
    n_history_investigations,
    case when n_history_investigations > 0 then 'warm' else 'cold' end as alert_group,
    case
      when n_history_investigations <= 0 then '0'
      when n_history_investigations <= 2 then '1-2'
      when n_history_investigations <= 9 then '3-9'
      when n_history_investigations <= 29 then '10-29'
      else '30+'
    end as history_segment
  from counted
)

select * from final
