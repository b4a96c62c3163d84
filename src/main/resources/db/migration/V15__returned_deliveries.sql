-- The operators' re-route list reads the returned deliveries oldest first and counts them on every visit of the
-- actions page: a partial index holds only those few, however many deliveries the years pile up.
create index delivery_returned on delivery (updated_at, id) where status = 'RETURNED';
