-- grain: one row per (investigation, item_type, item_id) used by an investigation started on :run_date
-- input: extract_investigation_items; params: :run_date
-- The relevant items of an investigation are the items its user used after opening the alert.
-- gain grades them for NDCG: 1 for the item of each type used last before the stop (items tied
-- for last all get 1), 0.5 for the others: the item people end on is the one that answered the
-- question. ideal_rank orders them by gain (then id) for the ideal DCG.
with used as (
  select * from extract_investigation_items where started_on = :run_date
),

graded as (
  select
    *,
    case
      when s_before_stop = min(s_before_stop) over (partition by investigation_id, item_type)
        then 1.0D
      else 0.5D
    end as gain
  from used
),

final as (
  select
    account_id,
    alert_id,
    investigation_id,
    item_type,
    item_id,
    gain,
    s_before_stop,
    proximity,
    via_recommendation,
    row_number() over (
      partition by investigation_id, item_type order by gain desc, item_id
    ) as ideal_rank
  from graded
)

select * from final
