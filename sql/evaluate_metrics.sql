-- grain: one row per (model_or_baseline, item_type, alert_group, metric, k)
-- input: evaluate_relevance, evaluate_lists, backtest_alert_evidence
-- An evaluation unit is one investigation and one item type it used; its list is the one the
-- ranker gives its alert for that type (no list: every metric is 0). For each cutoff k:
--   hit_rate   share of units with a relevant item in the top k
--   precision  relevant items in the top k / k (an empty or short list still divides by k)
--   recall     relevant items in the top k / the unit's relevant items
--   ndcg       DCG / ideal DCG, gain 2^gain - 1 at rank r discounted by log2(r + 1)
-- mrr (k null): 1 / rank of the first relevant item of the whole list, 0 without one.
-- alert_coverage (k null): share of investigated (alert, item type) pairs with a non-empty list.
-- item_coverage (k null): share of the items used that are in some list of the same account.
-- alert_group: warm when the alert has investigations of its own in the evidence window, else
-- cold; rows with item_type or alert_group 'all' pool the units of every type or group.
with history as (
  select account_id, alert_id
  from backtest_alert_evidence
  group by account_id, alert_id
  having sum(n_investigations) > 0
),

relevant as (
  select
    r.*,
    case when h.alert_id is not null then 'warm' else 'cold' end as alert_group
  from evaluate_relevance as r
  left join history as h on h.account_id = r.account_id and h.alert_id = r.alert_id
),

units as (
  select
    account_id,
    alert_id,
    investigation_id,
    item_type,
    alert_group,
    count(*) as n_relevant
  from relevant
  group by account_id, alert_id, investigation_id, item_type, alert_group
),

rankers as (
  select explode(array('model', 'account_popular', 'alert_popular')) as model_or_baseline
),

cutoffs as (
  select explode(array(1, 3, 5)) as k
),

ideal as (
  select
    r.investigation_id,
    r.item_type,
    c.k,
    sum((pow(2, r.gain) - 1) / log2(r.ideal_rank + 1)) as idcg
  from relevant as r
  inner join cutoffs as c on r.ideal_rank <= c.k
  group by r.investigation_id, r.item_type, c.k
),

hits as (
  select l.model_or_baseline, r.investigation_id, r.item_type, l.rank, r.gain
  from evaluate_lists as l
  inner join relevant as r
    on r.account_id = l.account_id
    and r.alert_id = l.alert_id
    and r.item_type = l.item_type
    and r.item_id = l.item_id
),

hits_at_k as (
  select
    h.model_or_baseline,
    h.investigation_id,
    h.item_type,
    c.k,
    count(*) as n_hits,
    sum((pow(2, h.gain) - 1) / log2(h.rank + 1)) as dcg
  from hits as h
  inner join cutoffs as c on h.rank <= c.k
  group by h.model_or_baseline, h.investigation_id, h.item_type, c.k
),

first_hits as (
  select model_or_baseline, investigation_id, item_type, min(rank) as first_hit_rank
  from hits
  group by model_or_baseline, investigation_id, item_type
),

unit_scores as (
  select
    m.model_or_baseline,
    u.item_type,
    u.alert_group,
    c.k,
    coalesce(h.n_hits, 0) as n_hits,
    coalesce(h.dcg, 0.0D) / i.idcg as ndcg,
    u.n_relevant,
    coalesce(1.0D / f.first_hit_rank, 0.0D) as reciprocal_rank
  from units as u
  cross join rankers as m
  cross join cutoffs as c
  inner join ideal as i
    on i.investigation_id = u.investigation_id and i.item_type = u.item_type and i.k = c.k
  left join hits_at_k as h
    on h.model_or_baseline = m.model_or_baseline
    and h.investigation_id = u.investigation_id
    and h.item_type = u.item_type
    and h.k = c.k
  left join first_hits as f
    on f.model_or_baseline = m.model_or_baseline
    and f.investigation_id = u.investigation_id
    and f.item_type = u.item_type
),

ranking_metrics as (
  select
    model_or_baseline,
    coalesce(item_type, 'all') as item_type,
    coalesce(alert_group, 'all') as alert_group,
    k,
    avg(case when n_hits > 0 then 1.0D else 0.0D end) as hit_rate,
    avg(n_hits / k) as precision,
    avg(n_hits / n_relevant) as recall,
    avg(ndcg) as ndcg,
    avg(reciprocal_rank) as mrr,
    count(*) as n
  from unit_scores
  group by grouping sets (
    (model_or_baseline, k, item_type, alert_group),
    (model_or_baseline, k, item_type),
    (model_or_baseline, k, alert_group),
    (model_or_baseline, k)
  )
),

list_keys as (
  select distinct model_or_baseline, account_id, alert_id, item_type from evaluate_lists
),

investigated as (
  select distinct account_id, alert_id, item_type, alert_group from units
),

alert_coverage as (
  select
    m.model_or_baseline,
    coalesce(i.item_type, 'all') as item_type,
    coalesce(i.alert_group, 'all') as alert_group,
    avg(case when l.alert_id is not null then 1.0D else 0.0D end) as value,
    count(*) as n
  from investigated as i
  cross join rankers as m
  left join list_keys as l
    on l.model_or_baseline = m.model_or_baseline
    and l.account_id = i.account_id
    and l.alert_id = i.alert_id
    and l.item_type = i.item_type
  group by grouping sets (
    (m.model_or_baseline, i.item_type, i.alert_group),
    (m.model_or_baseline, i.item_type),
    (m.model_or_baseline, i.alert_group),
    (m.model_or_baseline)
  )
),

listed_items as (
  select distinct model_or_baseline, account_id, item_type, item_id from evaluate_lists
),

used_items as (
  select distinct account_id, item_type, item_id, alert_group from relevant
),

item_coverage as (
  select
    m.model_or_baseline,
    coalesce(u.item_type, 'all') as item_type,
    coalesce(u.alert_group, 'all') as alert_group,
    count(distinct case when l.item_id is not null then struct(u.account_id, u.item_type, u.item_id) end)
      / count(distinct struct(u.account_id, u.item_type, u.item_id)) as value,
    count(distinct struct(u.account_id, u.item_type, u.item_id)) as n
  from used_items as u
  cross join rankers as m
  left join listed_items as l
    on l.model_or_baseline = m.model_or_baseline
    and l.account_id = u.account_id
    and l.item_type = u.item_type
    and l.item_id = u.item_id
  group by grouping sets (
    (m.model_or_baseline, u.item_type, u.alert_group),
    (m.model_or_baseline, u.item_type),
    (m.model_or_baseline, u.alert_group),
    (m.model_or_baseline)
  )
),

final as (
  select model_or_baseline, item_type, alert_group, metric, cast(k as int) as k, value, n
  from (
    select
      model_or_baseline,
      item_type,
      alert_group,
      k,
      n,
      stack(4, 'hit_rate', hit_rate, 'precision', precision, 'recall', recall, 'ndcg', ndcg)
        as (metric, value)
    from ranking_metrics
  )
  union all
  select model_or_baseline, item_type, alert_group, 'mrr', cast(null as int), mrr, n
  from ranking_metrics
  where k = 1
  union all
  select model_or_baseline, item_type, alert_group, 'alert_coverage', cast(null as int), value, n
  from alert_coverage
  union all
  select model_or_baseline, item_type, alert_group, 'item_coverage', cast(null as int), value, n
  from item_coverage
)

select * from final
