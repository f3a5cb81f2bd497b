-- grain: one row per (account, textual query family) with evidence in the window
-- input: item_evidence_window (stored daily evidence of the window days)
-- The text MinHash compares: the family's most used label, normalised as identify_items does
-- (case, time ranges, quoted literals, numbers, spacing), so that only the clauses differ.
with labels as (
  select account_id, item_id, label, sum(label_uses) as uses
  from item_evidence_window
  where item_type = 'query' and label is not null
  group by account_id, item_id, label
),

top_label as (
  select account_id, item_id, max_by(label, struct(uses, label)) as label, sum(uses) as uses
  from labels
  group by account_id, item_id
),

final as (
  select
    account_id,
    item_id,
    label,
    uses,
    trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      lower(label),
      '\\[[^\\]]*\\bto\\b[^\\]]*\\]', '[<range>]'),
      'now[-+][0-9]+[smhdwy]', '<time>'),
      '"[^"]*"', '"<text>"'),
      '[0-9]+([.][0-9]+)?', '<n>'),
      '\\s*([:()=<>])\\s*', '$1'),
      '\\s+', ' ')) as family_text
  from top_label
)

select * from final
