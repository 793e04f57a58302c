{#- URLs are compared without scheme, "www." and trailing slashes, so that a registry entry
    written as https://www.x.org/a/ matches a figure citing http://x.org/a. -#}
{% macro normalise_url(col) -%}
    nullif(regexp_replace(regexp_replace(trim({{ col }}), '^[a-zA-Z]+://(www[.])?', ''), '/+$', ''), '')
{%- endmacro %}

{#- Id of a source that no curator registered: stable over runs because it hashes exactly
    the four columns that describe the source in the figures file. -#}
{% macro derived_source_id(org, title, url, published_on) -%}
    'derived-' || substr(md5(concat_ws('|', coalesce({{ org }}, ''), coalesce({{ title }}, ''),
        coalesce({{ url }}, ''), coalesce({{ published_on }}, ''))), 1, 12)
{%- endmacro %}
