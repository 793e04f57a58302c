with source as (
    select * from {{ source('raw', 'sources') }}
)

select
    trim(source_id) as source_id,
    lower(trim(kind)) as kind,
    nullif(trim(relays), '') as relays,
    nullif(trim(org), '') as org,
    nullif(trim(title), '') as title,
    nullif(trim(url), '') as url,
    {{ normalise_url('url') }} as url_key,
    nullif(trim(published_on), '') as published_on,
    {{ date_floor('published_on') }} as published_from,
    {{ date_ceil('published_on') }} as published_to,
    {{ date_precision('published_on') }} as published_precision,
    nullif(trim(method), '') as method,
    nullif(trim(note), '') as note,
    _source_file,
    _source_row,
    _file_sha256,
    _loaded_at
from source
