-- grain: one row per (account, alert, similar alert): each alert's K most similar alerts
-- input: alert_pairs (account, alert, similar alert, similarity, basis: pairs the MinHash joins
--        found within one account, by title and by action profile); params: :similar_alerts_k
-- A pair found on both bases keeps the higher similarity and names that basis (title on a tie).
-- Ties in the ranking are broken by the similar alert's id.
with both_ways as (
  select account_id, alert_id, similar_alert_id, similarity, basis from alert_pairs
  union all
  select account_id, similar_alert_id as alert_id, alert_id as similar_alert_id, similarity, basis
  from alert_pairs
),

per_pair as (
  select
    account_id,
    alert_id,
    similar_alert_id,
    max(similarity) as similarity,
    max_by(basis, struct(similarity, basis = 'title')) as basis
  from both_ways
  where alert_id <> similar_alert_id
  group by account_id, alert_id, similar_alert_id
),

ranked as (
  select
    *,
    row_number() over (
      partition by account_id, alert_id order by similarity desc, similar_alert_id
    ) as similarity_rank
  from per_pair
),

final as (
  select
    account_id,
    alert_id,
    similar_alert_id,
    round(similarity, 6) as similarity,
    basis,
    cast(similarity_rank as int) as similarity_rank
  from ranked
  where similarity_rank <= :similar_alerts_k
)

select * from final
