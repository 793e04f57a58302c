{#- The body a figure cites: its source_org without the outlet that relayed it. Tabs and line
    breaks become spaces; the text is cut at the first " via " (any case); every parenthesised
    part is removed (also one the cut left open: "X (Bloomberg via Y)" -> "X"); runs of spaces
    become one (none before a comma); trailing punctuation is stripped; NULL when nothing is
    left. "South Korea Ministry of National Defense (Minister Shin Won-sik) via Sky News /
    Babel" -> "South Korea Ministry of National Defense". -#}
{% macro cited_body(col) -%}
    {%- set blank = "replace(replace(replace(" ~ col ~ ", chr(9), ' '), chr(10), ' '), chr(13), ' ')" -%}
    {%- set cut = ledger.regexp_replace_all(blank, '(?i) via .*$', '') -%}
    {%- set closed = ledger.regexp_replace_all(cut, '[(][^)]*[)]', ' ') -%}
    {%- set opened = ledger.regexp_replace_all(closed, '[(][^)]*$', ' ') -%}
    {%- set spaced = ledger.regexp_replace_all(opened, ' +', ' ') -%}
    {%- set tight = "replace(replace(" ~ spaced ~ ", ' ,', ','), ' ;', ';')" -%}
    nullif(trim({{ ledger.regexp_replace_all(tight, '[ .,;:!?/-]+$', '') }}), '')
{%- endmacro %}

{#- Id of a body no organisation in raw/organisations.csv claims: stable over runs because it
    hashes the cited body alone (lower-cased, so spellings that differ only in case are one
    body). -#}
{% macro derived_body_id(cited_body) -%}
    'derived-' || substr(md5(lower({{ cited_body }})), 1, 12)
{%- endmacro %}
